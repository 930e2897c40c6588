package dev.balda.plugin.ratelimit;

import dev.balda.http.HttpException;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.internal.StoreFailures;
import dev.balda.plugin.Plugin;
import dev.balda.plugin.PluginContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits how many requests each client makes per window: {@code limit} (100) per {@code window}
 * (60 s), per key (the client's IP, as {@code req.ip()} reports it, by default). Every answer
 * carries {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}
 * (seconds until the window resets); a request over the limit is answered 429
 * {@code TOO_MANY_REQUESTS} with {@code Retry-After}, and the rest of the chain does not run.
 *
 * <p>Counting happens in the plugin's {@code before} step, in a {@link RateLimitStore} (in memory
 * and bounded by {@code maxKeys} by default, shared between servers with a distributed one), so
 * nothing on the request's path waits on the store. When the store fails, {@code failClosed}
 * decides: off (the default) lets the request through without headers; on refuses it with 429
 * {@code TOO_MANY_REQUESTS} and {@code Retry-After: 1}, as a request over the limit would be (the
 * limiter cannot tell it is not). A failure is logged at WARN once, then at DEBUG until the store
 * answers again.
 *
 * <p>As global middleware it also counts WebSocket upgrade requests, which run through the global
 * middleware before the upgrade: a client over the limit gets the 429 instead of a socket. On a
 * route (or a WebSocket route) it limits that route alone.
 *
 * <pre>{@code
 * app.use(RateLimitPlugin.builder().limit(300).window(Duration.ofMinutes(5)).build());
 * app.post("/login", RouteOptions.of(RateLimitPlugin.builder().limit(5).window(Duration.ofMinutes(1))
 *         .key(req -> req.ip() + ":" + req.path()).build()), login);
 * }</pre>
 */
public final class RateLimitPlugin implements Plugin {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimitPlugin.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final long limit;
    private final Duration window;
    private final String limitHeader;
    private final Function<Request, String> key;
    private final String prefix;
    private final RateLimitStore store;
    private final boolean failClosed;
    /** Each instance its own attribute, so a global and a route limiter on one request keep apart. */
    private final String attribute = RateLimitPlugin.class.getName() + "." + INSTANCES.incrementAndGet();
    private final StoreFailures storeFailures;

    private RateLimitPlugin(Builder b) {
        this.limit = b.limit;
        this.window = b.window;
        this.limitHeader = Long.toString(b.limit);
        this.key = b.key;
        this.prefix = b.prefix;
        this.store = b.store != null ? b.store : new MemoryRateLimitStore(b.maxKeys);
        this.failClosed = b.failClosed;
        this.storeFailures = new StoreFailures(LOG, "The rate limit store",
                failClosed ? "requests are refused with 429" : "requests go through uncounted");
    }

    /** 100 requests per minute per client IP, in memory. */
    public static RateLimitPlugin defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "rate-limit";
    }

    /** The store counting this plugin's requests. */
    public RateLimitStore store() {
        return store;
    }

    @Override
    public void start(PluginContext context) {
        store.start(context);
    }

    @Override
    public void stop() {
        store.stop();
    }

    @Override
    public CompletionStage<Void> before(Request req, Response res) {
        String client = key.apply(req);
        if (client == null) {
            return DONE;
        }
        CompletionStage<RateLimitStore.Window> counted;
        try {
            counted = store.increment(prefix + client, window);
        } catch (RuntimeException e) {
            counted = CompletableFuture.failedFuture(e);
        }
        return counted.handle((counts, failure) -> {
            req.attribute(attribute, failure != null ? new StoreFailure(failure) : counts);
            return null;
        });
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        Object state = req.attribute(attribute);
        if (state instanceof RateLimitStore.Window counts) {
            storeFailures.answered();
            long resetSeconds = Math.max(1, (counts.resetIn().toMillis() + 999) / 1000);
            res.header("RateLimit-Limit", limitHeader);
            res.header("RateLimit-Remaining", Long.toString(Math.max(0, limit - counts.count())));
            res.header("RateLimit-Reset", Long.toString(resetSeconds));
            if (counts.count() > limit) {
                res.header("Retry-After", Long.toString(resetSeconds));
                throw HttpException.tooManyRequests("Too many requests: at most " + limit + " per "
                        + window.toSeconds() + " seconds; try again in " + resetSeconds + " seconds");
            }
        } else if (state instanceof StoreFailure failure) {
            storeFailures.failed(failure.cause);
            if (failClosed) {
                res.header("Retry-After", "1");
                throw HttpException.tooManyRequests("The rate limiter cannot count requests right now; try again later");
            }
        }
        next.run();
    }

    private record StoreFailure(Throwable cause) {
    }

    /** Builds a {@link RateLimitPlugin}. */
    public static final class Builder {
        private long limit = 100;
        private Duration window = Duration.ofMinutes(1);
        private Function<Request, String> key = Request::ip;
        private String prefix = "rl:";
        private RateLimitStore store;
        private Integer maxKeysSet;
        private int maxKeys = 100_000;
        private boolean failClosed;

        private Builder() {
        }

        /** Requests allowed per key and window (100). */
        public Builder limit(long limit) {
            this.limit = limit;
            return this;
        }

        /** The window's length (60 s), at least one second. */
        public Builder window(Duration window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * What a request is counted under (its IP by default). Return {@code null} to leave a
         * request uncounted. Behind a proxy, use the trust-proxy plugin so {@code req.ip()} is the
         * client's address rather than the proxy's.
         */
        public Builder key(Function<Request, String> key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Put before every key in the store ({@code rl:}): set one per limiter when limiters share a store. */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** Where to count (in memory by default). */
        public Builder store(RateLimitStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The most keys the default in-memory store holds (100,000). */
        public Builder maxKeys(int maxKeys) {
            this.maxKeysSet = maxKeys;
            this.maxKeys = maxKeys;
            return this;
        }

        /** Whether a failing store refuses requests (429) instead of letting them through (false). */
        public Builder failClosed(boolean failClosed) {
            this.failClosed = failClosed;
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public RateLimitPlugin build() {
            if (limit < 1) {
                throw new IllegalArgumentException("rate limit: limit must be at least 1 request, not " + limit);
            }
            if (window.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("rate limit: window must be at least 1 second (the headers count"
                        + " in seconds), not " + window);
            }
            if (maxKeys < 1) {
                throw new IllegalArgumentException("rate limit: maxKeys must be positive, not " + maxKeys);
            }
            if (store != null && maxKeysSet != null) {
                throw new IllegalArgumentException("rate limit: maxKeys sizes the default in-memory store; with a store"
                        + " of your own, size that store instead");
            }
            return new RateLimitPlugin(this);
        }
    }
}
