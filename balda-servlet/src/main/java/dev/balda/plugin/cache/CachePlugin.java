package dev.balda.plugin.cache;

import dev.balda.http.HttpException;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.internal.StoreFailures;
import dev.balda.plugin.Plugin;
import dev.balda.plugin.PluginContext;
import dev.balda.plugin.ResponseHooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A response cache for a route (or a group): the first request for a key runs the route and its
 * answer is kept for {@code ttl}; later ones get it without running the route, marked
 * {@code X-Cache: HIT} with {@code Age}, computed ones {@code X-Cache: MISS}.
 *
 * <pre>{@code
 * CachePlugin productsCache = CachePlugin.builder().ttl(Duration.ofSeconds(30)).tags(req -> List.of("products")).build();
 * app.get("/products", RouteOptions.of(productsCache), (req, res) -> catalog.list(req.query("category")));
 * app.post("/products", (req, res) -> { catalog.add(req.body(Product.class)); productsCache.invalidateTags("products"); return res.created(null); });
 * }</pre>
 *
 * <ul>
 *   <li>The key is the method, path, params and query (on by default; parameter order does not
 *       matter), and, when asked, request headers ({@code Accept-Language}; they are added to
 *       {@code Vary}) and the body. {@code GET} and {@code HEAD} by default; other methods need the
 *       body in the key.</li>
 *   <li>Stored: answers with a status in {@code statuses} (200), a buffered body of at most
 *       {@code maxEntrySize}, no {@code Set-Cookie}, and no {@code Cache-Control: no-store},
 *       {@code private} or {@code no-cache}. Streams and files are never stored. What is kept is
 *       what the route set (status, headers, body); global middleware sets its own headers on a
 *       hit as on any request, so a hit never replays another client's CORS or rate-limit
 *       headers.</li>
 *   <li>One computation per key at a time: concurrent requests for a key being computed
 *       {@link Concurrent#WAIT wait} (the default; without holding a thread, up to
 *       {@code waitTimeout}), {@link Concurrent#BYPASS bypass} the cache, or are
 *       {@link Concurrent#REJECT rejected} with 503 and {@code Retry-After}. With a store shared
 *       by several servers that supports {@linkplain CacheStore#claim claims} (Redis), also
 *       between the servers: one server computes, the others' requests do the same while it
 *       does, a waiting server looking for the entry every few milliseconds.</li>
 *   <li>Tags per entry, and {@link #invalidateTags} to drop every entry with a tag.</li>
 *   <li>The store is in memory by default, bounded by {@code maxEntries} (1,000) and
 *       {@code maxBytes} (32 MiB), or any {@link CacheStore}; lookups happen in {@code before},
 *       storing in {@code after}. A store that fails is logged at WARN once, and the route runs
 *       without the cache until it answers again.</li>
 * </ul>
 *
 * <p>List it after middleware that decides who may see the route (authentication): a hit answers
 * without running the middleware listed after the cache.
 */
public final class CachePlugin implements Plugin {
    private static final Logger LOG = LoggerFactory.getLogger(CachePlugin.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int MAX_TAGS = 32;
    /** Looking for an entry another server computes: after 5 ms, then twice as long each time up to 50 ms. */
    private static final long FIRST_POLL_MILLIS = 5;
    private static final long MAX_POLL_MILLIS = 50;

    private final Duration ttl;
    private final Set<String> methods;
    private final List<String> keyHeaders;
    private final CacheKey keys;
    private final Function<Request, Collection<String>> tags;
    private final Set<Integer> statuses;
    private final Concurrent concurrent;
    private final long waitMillis;
    /** How long a claim among servers lasts at most: as long as anyone waits for a computation. */
    private final Duration lease;
    private final long maxEntrySize;
    private final String prefix;
    private final CacheStore store;
    private final String attribute = CachePlugin.class.getName() + "." + INSTANCES.incrementAndGet();
    private final Map<String, CompletableFuture<CachedResponse>> computing = new ConcurrentHashMap<>();
    private final StoreFailures storeFailures =
            new StoreFailures(LOG, "The cache store", "routes run without the cache");
    private volatile PluginContext context;

    private CachePlugin(Builder b) {
        this.ttl = b.ttl;
        this.methods = Set.copyOf(b.methods);
        this.keyHeaders = List.copyOf(b.headers);
        this.keys = new CacheKey(b.query, keyHeaders, b.body);
        this.tags = b.tags;
        this.statuses = Set.copyOf(b.statuses);
        this.concurrent = b.concurrent;
        this.waitMillis = b.waitTimeout.toMillis();
        this.lease = b.waitTimeout;
        this.maxEntrySize = b.maxEntrySize;
        this.prefix = b.prefix;
        this.store = b.store != null ? b.store : new MemoryCacheStore(b.maxEntries, b.maxBytes);
    }

    /** GET and HEAD answers kept for a minute, in memory (1,000 entries, 32 MiB), concurrent requests waiting. */
    public static CachePlugin defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "cache";
    }

    /** The store this cache keeps its responses in. */
    public CacheStore store() {
        return store;
    }

    /** Drops every entry carrying any of these tags; the stage gives how many went. */
    public CompletionStage<Long> invalidateTags(String... tags) {
        return store.invalidateTags(Set.of(tags));
    }

    /** Drops every entry of this cache. */
    public CompletionStage<Void> clear() {
        return store.clear(prefix);
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
        store.start(context);
    }

    @Override
    public void stop() {
        store.stop();
    }

    // ------------------------------------------------------------------ before: look up, or join the computation

    @Override
    public CompletionStage<Void> before(Request req, Response res) {
        if (!methods.contains(req.method())) {
            return DONE;
        }
        String key;
        try {
            key = prefix + keys.of(req);
        } catch (HttpException badRequest) {
            return DONE; // the route answers the malformed query or body itself
        }
        CompletionStage<CachedResponse> lookup;
        try {
            lookup = store.get(key);
        } catch (RuntimeException e) {
            lookup = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        lookup.whenComplete((entry, failure) -> {
            if (failure != null) {
                storeFailures.failed(failure);
                req.attribute(attribute, new Miss(key, null, false));
                ready.complete(null);
            } else if (entry != null) {
                storeFailures.answered();
                req.attribute(attribute, new Hit(entry));
                ready.complete(null);
            } else {
                storeFailures.answered();
                join(req, res, key).whenComplete((done, ignored) -> ready.complete(null));
            }
        });
        return ready;
    }

    /** Becomes the request computing the key, or deals with the one that is. */
    private CompletionStage<Void> join(Request req, Response res, String key) {
        CompletableFuture<CachedResponse> mine = new CompletableFuture<>();
        CompletableFuture<CachedResponse> running = computing.putIfAbsent(key, mine);
        if (running == null) {
            Miss miss = new Miss(key, mine, true);
            // However the request ends (upgraded, failed before its after step), its waiters are released.
            ResponseHooks.onEnd(res, (ended, bytes, failure) -> land(miss, null));
            return lead(req, miss, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis), FIRST_POLL_MILLIS);
        }
        switch (concurrent) {
            case BYPASS -> req.attribute(attribute, new Miss(key, null, false));
            case REJECT -> req.attribute(attribute, Busy.REJECTED);
            default -> {
                return running.copy().orTimeout(waitMillis, TimeUnit.MILLISECONDS).handle((entry, failure) -> {
                    if (failure != null) {
                        req.attribute(attribute, Busy.TIMED_OUT);
                    } else if (entry != null) {
                        req.attribute(attribute, new Hit(entry));
                    } else {
                        req.attribute(attribute, new Miss(key, null, true));
                    }
                    return null;
                });
            }
        }
        return DONE;
    }

    /**
     * This server's request for the key: claims it among the servers sharing the store, then
     * looks again (another request may have stored the key and let go since our lookup; looking
     * after the claim, no entry stored before a claim's release goes unseen). Without the claim,
     * another server is computing the key: bypass, reject, or look again after a pause, up to the
     * wait's deadline.
     */
    private CompletionStage<Void> lead(Request req, Miss miss, long deadline, long pollMillis) {
        return claim(miss.key).thenCompose(claimed -> lookupAgain(miss.key).thenCompose(entry -> {
            if (entry != null || miss.flight.isDone()) {
                if (claimed) {
                    release(miss.key);
                }
                land(miss, entry);
                req.attribute(attribute, entry != null ? new Hit(entry) : new Miss(miss.key, null, false));
                return DONE;
            }
            if (claimed) {
                miss.claimed = true;
                req.attribute(attribute, miss);
                return DONE;
            }
            switch (concurrent) {
                case BYPASS -> {
                    miss.store = false;
                    req.attribute(attribute, miss);
                }
                case REJECT -> {
                    land(miss, null);
                    req.attribute(attribute, Busy.REJECTED);
                }
                default -> {
                    return pollLater(req, miss, deadline, pollMillis);
                }
            }
            return DONE;
        }));
    }

    /**
     * Looks again after a pause, on the application's plugin scheduler (no thread waits
     * meanwhile); past the deadline, or once the application stops, the wait is over: 503.
     */
    private CompletionStage<Void> pollLater(Request req, Miss miss, long deadline, long pollMillis) {
        long left = deadline - System.nanoTime();
        PluginContext started = context;
        if (left > 0 && started != null) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            long pause = Math.min(pollMillis, TimeUnit.NANOSECONDS.toMillis(left) + 1);
            try {
                started.scheduler().schedule(() -> lead(req, miss, deadline, Math.min(2 * pollMillis, MAX_POLL_MILLIS))
                        .whenComplete((v, failure) -> {
                            if (failure != null) {
                                done.completeExceptionally(failure);
                            } else {
                                done.complete(null);
                            }
                        }), pause, TimeUnit.MILLISECONDS);
                return done;
            } catch (RejectedExecutionException stopping) {
                // The application is stopping: no more waiting.
            }
        }
        timedOut(miss);
        req.attribute(attribute, Busy.TIMED_OUT);
        return DONE;
    }

    /** The wait for another server ran out: this server's waiters for the key give up too. */
    private void timedOut(Miss miss) {
        computing.remove(miss.key, miss.flight);
        miss.flight.completeExceptionally(new TimeoutException("computed on another server for too long"));
    }

    /** Whether this server may compute the key; also when the store fails (the route then runs). */
    private CompletionStage<Boolean> claim(String key) {
        try {
            return store.claim(key, lease).exceptionally(failure -> {
                storeFailures.failed(failure);
                return Boolean.TRUE;
            });
        } catch (RuntimeException e) {
            storeFailures.failed(e);
            return CompletableFuture.completedFuture(Boolean.TRUE);
        }
    }

    private void release(String key) {
        try {
            store.release(key).exceptionally(failure -> {
                // The claim's lease ends it anyway.
                LOG.debug("Releasing the claim on a cache key failed: {}", failure.toString());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("Releasing the claim on a cache key failed: {}", e.toString());
        }
    }

    /** The store's entry now, or {@code null} (also when the store fails: the route then runs). */
    private CompletionStage<CachedResponse> lookupAgain(String key) {
        try {
            return store.get(key).exceptionally(failure -> {
                storeFailures.failed(failure);
                return null;
            });
        } catch (RuntimeException e) {
            storeFailures.failed(e);
            return CompletableFuture.completedFuture(null);
        }
    }

    // ------------------------------------------------------------------ handle: answer from the cache, or capture

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        Object state = req.attribute(attribute);
        if (state == null) {
            next.run();
            return;
        }
        for (String header : keyHeaders) {
            res.vary(header);
        }
        if (state instanceof Hit hit) {
            Answers.replay(res, hit.response);
            return;
        }
        if (state instanceof Busy busy) {
            res.header("Retry-After", "1");
            throw HttpException.serviceUnavailable(busy == Busy.TIMED_OUT
                    ? "This response took too long to compute; try again shortly"
                    : "This response is being computed; try again shortly");
        }
        Miss miss = (Miss) state;
        res.header("X-Cache", "MISS");
        List<Map.Entry<String, String>> outer = Answers.headers(res);
        next.run();
        if (miss.store) {
            miss.captured = Answers.capture(res, outer, statuses, maxEntrySize);
        }
    }

    // ------------------------------------------------------------------ after: store, release the waiters

    @Override
    public CompletionStage<Void> after(Request req, Response res) {
        if (!(req.attribute(attribute) instanceof Miss miss)) {
            return DONE;
        }
        CachedResponse entry = miss.captured;
        if (entry == null || !miss.store || res.status() != entry.status()) {
            land(miss, null);
            return DONE;
        }
        CompletionStage<Void> stored;
        try {
            stored = store.put(miss.key, entry, ttl, tagsOf(req));
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        return stored.handle((done, failure) -> {
            if (failure != null) {
                storeFailures.failed(failure);
            }
            // Waiters get the answer even if the store did not take it.
            land(miss, entry);
            return null;
        });
    }

    /**
     * Ends a computation: later requests find the store, waiting ones get the entry (or compute),
     * and other servers may claim the key (after the entry was stored: they find it).
     */
    private void land(Miss miss, CachedResponse entry) {
        if (miss.flight != null) {
            computing.remove(miss.key, miss.flight);
            if (miss.flight.complete(entry) && miss.claimed) {
                release(miss.key);
            }
        }
    }

    private Set<String> tagsOf(Request req) {
        Collection<String> given = tags.apply(req);
        if (given == null || given.isEmpty()) {
            return Set.of();
        }
        Set<String> kept = new LinkedHashSet<>();
        for (String tag : given) {
            if (tag != null && !tag.isBlank() && kept.size() < MAX_TAGS) {
                kept.add(tag);
            }
        }
        return kept;
    }

    /** A request answered from the cache. */
    private record Hit(CachedResponse response) {
    }

    /**
     * A request that runs the route: computing the key for others ({@code flight}; with the
     * claim among servers, or bypassing while another server computes it), or on its own.
     */
    private static final class Miss {
        final String key;
        final CompletableFuture<CachedResponse> flight;
        volatile boolean store;
        volatile boolean claimed;
        volatile CachedResponse captured;

        Miss(String key, CompletableFuture<CachedResponse> flight, boolean store) {
            this.key = key;
            this.flight = flight;
            this.store = store;
        }
    }

    /** A request refused while its key is being computed. */
    private enum Busy { REJECTED, TIMED_OUT }

    /** Builds a {@link CachePlugin}. */
    public static final class Builder {
        private Duration ttl = Duration.ofMinutes(1);
        private Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD"));
        private boolean query = true;
        private final List<String> headers = new ArrayList<>();
        private boolean body;
        private Function<Request, Collection<String>> tags = req -> List.of();
        private Set<Integer> statuses = new LinkedHashSet<>(List.of(200));
        private Concurrent concurrent = Concurrent.WAIT;
        private Duration waitTimeout = Duration.ofSeconds(10);
        private long maxEntrySize = 1024 * 1024;
        private int maxEntries = 1000;
        private long maxBytes = 32L * 1024 * 1024;
        private Integer maxEntriesSet;
        private Long maxBytesSet;
        private String prefix = "cache:";
        private CacheStore store;

        private Builder() {
        }

        /** How long an answer is kept (1 minute). */
        public Builder ttl(Duration ttl) {
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** The methods cached (GET and HEAD); any other needs {@link #body(boolean) body(true)}. */
        public Builder methods(String... methods) {
            this.methods = new LinkedHashSet<>();
            for (String method : methods) {
                this.methods.add(Objects.requireNonNull(method, "methods").toUpperCase(Locale.ROOT));
            }
            return this;
        }

        /** Whether the query string is part of the key (true). */
        public Builder query(boolean query) {
            this.query = query;
            return this;
        }

        /** Request headers that are part of the key ({@code Accept-Language}); added to {@code Vary}. */
        public Builder headers(String... headers) {
            for (String header : headers) {
                this.headers.add(Objects.requireNonNull(header, "headers"));
            }
            return this;
        }

        /** Whether the request body is part of the key (false). */
        public Builder body(boolean body) {
            this.body = body;
            return this;
        }

        /** The tags of an entry, from its request (at most 32 are kept). */
        public Builder tags(Function<Request, Collection<String>> tags) {
            this.tags = Objects.requireNonNull(tags, "tags");
            return this;
        }

        /** The same tags for every entry. */
        public Builder tags(String... tags) {
            List<String> fixed = List.of(tags);
            this.tags = req -> fixed;
            return this;
        }

        /** The statuses whose answers are kept (200). */
        public Builder statuses(Integer... statuses) {
            this.statuses = new LinkedHashSet<>(List.of(statuses));
            return this;
        }

        /** What a request does while its key is being computed ({@link Concurrent#WAIT}). */
        public Builder concurrent(Concurrent concurrent) {
            this.concurrent = Objects.requireNonNull(concurrent, "concurrent");
            return this;
        }

        /** How long a request waits for another's computation before it gets 503 (10 s). */
        public Builder waitTimeout(Duration waitTimeout) {
            this.waitTimeout = Objects.requireNonNull(waitTimeout, "waitTimeout");
            return this;
        }

        /** The largest body kept (1 MiB); larger answers are sent but not stored. */
        public Builder maxEntrySize(long bytes) {
            this.maxEntrySize = bytes;
            return this;
        }

        /** The most answers the default in-memory store keeps (1,000). */
        public Builder maxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
            this.maxEntriesSet = maxEntries;
            return this;
        }

        /** The most bytes the default in-memory store keeps (32 MiB). */
        public Builder maxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
            this.maxBytesSet = maxBytes;
            return this;
        }

        /** Put before every key ({@code cache:}); give each cache its own when they share a store. */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** Where to keep the answers (in memory by default). Share one between routes to invalidate their tags together. */
        public Builder store(CacheStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public CachePlugin build() {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("cache: ttl must be positive, not " + ttl);
            }
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("cache: methods must list at least one method");
            }
            for (String method : methods) {
                if (!method.equals("GET") && !method.equals("HEAD") && !body) {
                    throw new IllegalArgumentException("cache: method " + method + " carries a body, and without"
                            + " body(true) every body would get the first one's answer; add body(true)");
                }
            }
            if (statuses.isEmpty() || statuses.stream().anyMatch(s -> s == null || s < 200 || s > 599 || s == 206)) {
                throw new IllegalArgumentException("cache: statuses must be 200-599 (not 206: ranges are never kept),"
                        + " not " + statuses);
            }
            if (waitTimeout.isNegative() || waitTimeout.isZero()) {
                throw new IllegalArgumentException("cache: waitTimeout must be positive, not " + waitTimeout);
            }
            if (maxEntrySize < 1) {
                throw new IllegalArgumentException("cache: maxEntrySize must be positive, not " + maxEntrySize);
            }
            if (store != null && (maxEntriesSet != null || maxBytesSet != null)) {
                throw new IllegalArgumentException("cache: maxEntries and maxBytes size the default in-memory store;"
                        + " with a store of your own, size that store instead");
            }
            if (store == null && maxEntries < 1) {
                throw new IllegalArgumentException("cache: maxEntries must be positive, not " + maxEntries);
            }
            if (store == null && maxBytes < maxEntrySize) {
                throw new IllegalArgumentException("cache: maxBytes (" + maxBytes + ") must hold at least one entry of"
                        + " maxEntrySize (" + maxEntrySize + ")");
            }
            for (String header : headers) {
                if (header.isBlank()) {
                    throw new IllegalArgumentException("cache: headers must name request headers, not a blank one");
                }
            }
            return new CachePlugin(this);
        }
    }
}
