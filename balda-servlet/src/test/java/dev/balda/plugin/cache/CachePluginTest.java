package dev.balda.plugin.cache;

import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.jsonMap;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.internal.MemoryExchange;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachePluginTest {
    /** Every application a test made, stopped afterwards so no store's sweep outlives its test. */
    private final List<Balda> apps = new ArrayList<>();

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final AtomicInteger computed = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
        apps.forEach(Balda::stop);
    }

    private MemoryCacheStore store() {
        return new MemoryCacheStore(100, 1 << 20, now::get);
    }

    private Balda app(CachePlugin cache) {
        Balda app = track(Balda.create());
        app.use((req, res, next) -> {
            res.header("X-Outer", "request " + req.query("n"));
            next.run();
        });
        app.get("/products", RouteOptions.of(cache), (req, res) -> {
            int n = computed.incrementAndGet();
            return res.header("X-Route", "computed " + n).json(java.util.Map.of("n", n, "category",
                    String.valueOf(req.query("category"))));
        });
        return app;
    }

    private static MemoryExchange call(Balda app, String target, String... headers) {
        MemoryExchange.Builder request = MemoryExchange.request("GET", target);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return run(app, request);
    }

    @Test
    void theFirstRequestComputesTheNextAreHits() {
        Balda app = app(CachePlugin.builder().store(store()).build());

        MemoryExchange miss = call(app, "/products?n=1");
        MemoryExchange hit = call(app, "/products?n=1");

        assertThat(miss.responseHeader("X-Cache")).isEqualTo("MISS");
        assertThat(hit.responseHeader("X-Cache")).isEqualTo("HIT");
        assertThat(hit.responseHeader("Age")).isEqualTo("0");
        assertThat(hit.responseBodyText()).isEqualTo(miss.responseBodyText());
        assertThat(hit.responseHeader("Content-Type")).isEqualTo("application/json");
        assertThat(hit.responseHeader("X-Route")).isEqualTo("computed 1");
        assertThat(computed).hasValue(1);
    }

    @Test
    void aHitCarriesTheOuterMiddlewaresHeadersOfItsOwnRequestNotTheStoredOnes() {
        Balda app = app(CachePlugin.builder().store(store()).query(false).build());

        call(app, "/products?n=1");
        MemoryExchange hit = call(app, "/products?n=2");

        assertThat(hit.responseHeader("X-Cache")).isEqualTo("HIT");
        assertThat(hit.responseHeaders("X-Outer")).containsExactly("request 2");
    }

    @Test
    void theQueryIsInTheKeyInAnyOrderUnlessTurnedOff() {
        Balda app = app(CachePlugin.builder().store(store()).build());

        call(app, "/products?category=a&n=1");
        assertThat(call(app, "/products?n=1&category=a").responseHeader("X-Cache")).isEqualTo("HIT");
        assertThat(call(app, "/products?category=b&n=1").responseHeader("X-Cache")).isEqualTo("MISS");

        Balda ignoring = app(CachePlugin.builder().store(store()).query(false).build());
        call(ignoring, "/products?category=a");
        assertThat(call(ignoring, "/products?category=b").responseHeader("X-Cache")).isEqualTo("HIT");
    }

    @Test
    void chosenHeadersAreInTheKeyAndInVary() {
        Balda app = app(CachePlugin.builder().store(store()).headers("Accept-Language").build());

        MemoryExchange english = call(app, "/products", "Accept-Language", "en");
        MemoryExchange german = call(app, "/products", "Accept-Language", "de");
        MemoryExchange again = call(app, "/products", "Accept-Language", "en");

        assertThat(german.responseHeader("X-Cache")).isEqualTo("MISS");
        assertThat(again.responseHeader("X-Cache")).isEqualTo("HIT");
        assertThat(english.responseHeaders("Vary")).containsExactly("Accept-Language");
        assertThat(again.responseHeaders("Vary")).containsExactly("Accept-Language");
    }

    @Test
    void theBodyIsInTheKeyWhenAskedWhichOtherMethodsNeed() {
        Balda app = track(Balda.create());
        app.post("/search", RouteOptions.of(CachePlugin.builder().store(store()).methods("POST").body(true).build()),
                (req, res) -> "results " + computed.incrementAndGet() + " for " + req.bodyText());

        MemoryExchange first = run(app, MemoryExchange.request("POST", "/search").body("q=a"));
        MemoryExchange other = run(app, MemoryExchange.request("POST", "/search").body("q=b"));
        MemoryExchange repeat = run(app, MemoryExchange.request("POST", "/search").body("q=a"));

        assertThat(first.responseBodyText()).isEqualTo("results 1 for q=a");
        assertThat(other.responseBodyText()).isEqualTo("results 2 for q=b");
        assertThat(repeat.responseBodyText()).isEqualTo("results 1 for q=a");
        assertThat(repeat.responseHeader("X-Cache")).isEqualTo("HIT");
    }

    @Test
    void headIsServedFromTheGetEntry() {
        Balda app = app(CachePlugin.builder().store(store()).build());
        MemoryExchange get = call(app, "/products");

        MemoryExchange head = run(app, "HEAD", "/products");

        assertThat(head.responseHeader("X-Cache")).isEqualTo("HIT");
        assertThat(head.responseHeader("Content-Length")).isEqualTo(String.valueOf(get.responseBodyBytes().length));
        assertThat(head.responseBodyBytes()).isEmpty();
    }

    @Test
    void entriesExpireAfterTheirTtl() {
        Balda app = app(CachePlugin.builder().store(store()).ttl(Duration.ofSeconds(30)).build());

        call(app, "/products");
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(call(app, "/products").responseHeader("X-Cache")).isEqualTo("HIT");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(call(app, "/products").responseHeader("X-Cache")).isEqualTo("MISS");
    }

    @Test
    void answersThatMustNotBeKeptAreNot() {
        Balda app = track(Balda.create());
        CachePlugin cache = CachePlugin.builder().store(store()).maxEntrySize(10).build();
        app.get("/error", RouteOptions.of(cache), (req, res) -> {
            throw new IllegalStateException("boom");
        });
        app.get("/missing", RouteOptions.of(cache), (req, res) -> res.notFound());
        app.get("/cookie", RouteOptions.of(cache), (req, res) -> res.cookie("sid", "secret").send("x"));
        app.get("/private", RouteOptions.of(cache), (req, res) -> res.header("Cache-Control", "private").send("x"));
        app.get("/no-store", RouteOptions.of(cache), (req, res) -> res.header("Cache-Control", "no-store").send("x"));
        app.get("/big", RouteOptions.of(cache), (req, res) -> "more than ten bytes");
        app.get("/stream", RouteOptions.of(cache), (req, res) -> {
            OutputStream out = res.stream("text/plain");
            out.write('x');
            return null;
        });

        for (String path : List.of("/error", "/missing", "/cookie", "/private", "/no-store", "/big", "/stream")) {
            get(app, path);
            assertThat(get(app, path).responseHeader("X-Cache")).as(path).isEqualTo("MISS");
        }
    }

    @Test
    void otherStatusesMayBeKept() {
        Balda app = track(Balda.create());
        app.get("/gone", RouteOptions.of(CachePlugin.builder().store(store()).statuses(200, 404).build()),
                (req, res) -> res.notFound("gone " + computed.incrementAndGet()));

        get(app, "/gone");
        MemoryExchange hit = get(app, "/gone");

        assertThat(hit.status()).isEqualTo(404);
        assertThat(hit.responseHeader("X-Cache")).isEqualTo("HIT");
        assertThat(computed).hasValue(1);
    }

    @Test
    void tagsInvalidateEntriesTogether() throws Exception {
        MemoryCacheStore shared = store();
        CachePlugin byCategory = CachePlugin.builder().store(shared).prefix("p:")
                .tags(req -> List.of("products", "category:" + req.query("category"))).build();
        Balda app = app(byCategory);

        call(app, "/products?category=a");
        call(app, "/products?category=b");
        assertThat(byCategory.invalidateTags("category:a").toCompletableFuture().get()).isEqualTo(1);
        assertThat(call(app, "/products?category=a").responseHeader("X-Cache")).isEqualTo("MISS");
        assertThat(call(app, "/products?category=b").responseHeader("X-Cache")).isEqualTo("HIT");

        assertThat(byCategory.invalidateTags("products").toCompletableFuture().get()).isEqualTo(2);
        assertThat(shared.size()).isZero();
        assertThat(shared.tagCount()).isZero();
        call(app, "/products?category=a");
        byCategory.clear().toCompletableFuture().get();
        assertThat(shared.size()).isZero();
    }

    // ------------------------------------------------------------------ one computation per key

    /** A route whose computation waits for the test's go, counting how often it ran. */
    private Balda slowApp(CachePlugin cache, CountDownLatch go, Semaphore started) {
        Balda app = track(Balda.create());
        app.get("/slow", RouteOptions.of(cache), (req, res) -> {
            // Counted before it says it started: a test that saw the first start knows it is number 1.
            int n = computed.incrementAndGet();
            started.release();
            if (!go.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            if (req.query("fail") != null && n == 1) {
                throw new IllegalStateException("the first computation fails");
            }
            return "computed " + n;
        });
        app.start();
        return app;
    }

    @Test
    void fiftyConcurrentIdenticalRequestsComputeOnce() throws Exception {
        CountDownLatch allSent = new CountDownLatch(50);
        Balda app = slowApp(CachePlugin.builder().store(store()).build(), allSent, new Semaphore(0));

        List<Future<MemoryExchange>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(pool.submit(() -> {
                allSent.countDown();
                return get(app, "/slow");
            }));
        }
        List<String> caches = new ArrayList<>();
        for (Future<MemoryExchange> answer : answers) {
            MemoryExchange ex = answer.get(30, TimeUnit.SECONDS);
            assertThat(ex.responseBodyText()).isEqualTo("computed 1");
            caches.add(ex.responseHeader("X-Cache"));
        }

        assertThat(computed).hasValue(1);
        assertThat(Collections.frequency(caches, "MISS")).isEqualTo(1);
        assertThat(Collections.frequency(caches, "HIT")).isEqualTo(49);
    }

    @Test
    void bypassRunsTheRouteWithoutTheCacheWhileTheKeyIsComputed() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Semaphore started = new Semaphore(0);
        Balda app = slowApp(CachePlugin.builder().store(store()).concurrent(Concurrent.BYPASS).build(), go, started);

        Future<MemoryExchange> leader = pool.submit(() -> get(app, "/slow"));
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        Future<MemoryExchange> bypass = pool.submit(() -> get(app, "/slow"));
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("the bypass computes while the first still does").isTrue();
        go.countDown();

        assertThat(leader.get(10, TimeUnit.SECONDS).responseBodyText()).isEqualTo("computed 1");
        assertThat(bypass.get(10, TimeUnit.SECONDS).responseBodyText()).isEqualTo("computed 2");
        assertThat(bypass.get().responseHeader("X-Cache")).isEqualTo("MISS");
        assertThat(get(app, "/slow").responseBodyText()).as("the bypass did not store").isEqualTo("computed 1");
    }

    @Test
    void rejectAnswers503WithRetryAfterWhileTheKeyIsComputed() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Semaphore started = new Semaphore(0);
        Balda app = slowApp(CachePlugin.builder().store(store()).concurrent(Concurrent.REJECT).build(), go, started);

        Future<MemoryExchange> leader = pool.submit(() -> get(app, "/slow"));
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        MemoryExchange rejected = get(app, "/slow");
        go.countDown();

        assertThat(rejected.status()).isEqualTo(503);
        assertThat(rejected.responseHeader("Retry-After")).isEqualTo("1");
        assertThat(jsonMap(rejected)).containsEntry("code", "SERVICE_UNAVAILABLE");
        assertThat(leader.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(computed).hasValue(1);
    }

    @Test
    void aWaiterGets503AfterTheWaitTimeout() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Semaphore started = new Semaphore(0);
        Balda app = slowApp(CachePlugin.builder().store(store()).waitTimeout(Duration.ofMillis(50)).build(), go, started);

        Future<MemoryExchange> leader = pool.submit(() -> get(app, "/slow"));
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        MemoryExchange waited = get(app, "/slow");
        go.countDown();

        assertThat(waited.status()).isEqualTo(503);
        assertThat(waited.responseHeader("Retry-After")).isEqualTo("1");
        assertThat(leader.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void whenTheComputingRequestFailsTheWaitersRunTheRouteThemselves() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Semaphore started = new Semaphore(0);
        Balda app = slowApp(CachePlugin.builder().store(store()).build(), go, started);

        Future<MemoryExchange> leader = pool.submit(() -> get(app, "/slow?fail=1"));
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        Future<MemoryExchange> waiter = pool.submit(() -> get(app, "/slow?fail=1"));
        go.countDown();

        assertThat(leader.get(10, TimeUnit.SECONDS).status()).isEqualTo(500);
        MemoryExchange recovered = waiter.get(10, TimeUnit.SECONDS);
        assertThat(recovered.status()).isEqualTo(200);
        assertThat(recovered.responseBodyText()).isEqualTo("computed 2");
        assertThat(recovered.responseHeader("X-Cache")).isEqualTo("MISS");
        assertThat(get(app, "/slow?fail=1").responseHeader("X-Cache")).as("the waiter's answer was stored").isEqualTo("HIT");
    }

    @Test
    void aComputingRequestThatNeverReachesItsAfterStepStillLetsGo() {
        Balda app = track(Balda.create());
        app.get("/handed-over", RouteOptions.of(CachePlugin.builder().store(store()).waitTimeout(Duration.ofSeconds(60))
                .build()), (req, res) -> {
                    computed.incrementAndGet();
                    res.detach();
                    return res;
                });

        get(app, "/handed-over");
        long start = System.nanoTime();
        get(app, "/handed-over");

        assertThat(computed).as("the second request computed instead of waiting for the first").hasValue(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    // ------------------------------------------------------------------ one computation per key among servers

    /**
     * One server's view of a store shared by servers (as a Redis store is): the entries of one
     * memory store, and claims that one server holds until it releases them. Ours, so a stand-in
     * is fine here; the Redis store itself runs against a real Redis in balda-redis.
     */
    private static final class SharedStore implements CacheStore {
        private final MemoryCacheStore entries;
        private final java.util.Map<String, Object> claims;

        SharedStore(MemoryCacheStore entries, java.util.Map<String, Object> claims) {
            this.entries = entries;
            this.claims = claims;
        }

        @Override
        public CompletionStage<CachedResponse> get(String key) {
            return entries.get(key);
        }

        @Override
        public CompletionStage<Void> put(String key, CachedResponse response, Duration ttl, Set<String> tags) {
            return entries.put(key, response, ttl, tags);
        }

        @Override
        public CompletionStage<Void> remove(String key) {
            return entries.remove(key);
        }

        @Override
        public CompletionStage<Long> invalidateTags(Set<String> tags) {
            return entries.invalidateTags(tags);
        }

        @Override
        public CompletionStage<Void> clear(String keyPrefix) {
            return entries.clear(keyPrefix);
        }

        @Override
        public CompletionStage<Boolean> claim(String key, Duration lease) {
            Object holder = claims.putIfAbsent(key, this);
            return CompletableFuture.completedFuture(holder == null || holder == this);
        }

        @Override
        public CompletionStage<Void> release(String key) {
            claims.remove(key, this);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Two servers (two applications) whose caches share one store, computing on the same slow route. */
    private Balda[] twoServers(CachePlugin.Builder options, CountDownLatch go, Semaphore started,
                               java.util.Map<String, Object> claims) {
        MemoryCacheStore entries = store();
        return new Balda[] {
            slowApp(options.store(new SharedStore(entries, claims)).build(), go, started),
            slowApp(options.store(new SharedStore(entries, claims)).build(), go, started)
        };
    }

    @Test
    void aServerWaitsForTheServerComputingTheKeyAndAnswersWithItsEntry() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Semaphore started = new Semaphore(0);
        java.util.Map<String, Object> claims = new java.util.concurrent.ConcurrentHashMap<>();
        Balda[] servers = twoServers(CachePlugin.builder(), go, started, claims);

        Future<MemoryExchange> onA = pool.submit(() -> get(servers[0], "/slow"));
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        List<Future<MemoryExchange>> onB = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            onB.add(pool.submit(() -> get(servers[1], "/slow")));
        }
        assertThat(started.tryAcquire(200, TimeUnit.MILLISECONDS)).as("B computes nothing while A holds the claim").isFalse();
        go.countDown();

        assertThat(onA.get(10, TimeUnit.SECONDS).responseHeader("X-Cache")).isEqualTo("MISS");
        for (Future<MemoryExchange> answer : onB) {
            MemoryExchange ex = answer.get(10, TimeUnit.SECONDS);
            assertThat(ex.status()).isEqualTo(200);
            assertThat(ex.responseBodyText()).isEqualTo("computed 1");
            assertThat(ex.responseHeader("X-Cache")).isEqualTo("HIT");
        }
        assertThat(computed).hasValue(1);
        assertThat(claims).as("A released its claim").isEmpty();
    }

    @Test
    void whenTheOtherServersAnswerIsNotKeptThisServerComputesOnceItLetsGo() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Semaphore started = new Semaphore(0);
        java.util.Map<String, Object> claims = new java.util.concurrent.ConcurrentHashMap<>();
        Balda[] servers = twoServers(CachePlugin.builder(), go, started, claims);

        Future<MemoryExchange> onA = pool.submit(() -> get(servers[0], "/slow?fail=1"));
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        Future<MemoryExchange> onB = pool.submit(() -> get(servers[1], "/slow?fail=1"));
        go.countDown();

        assertThat(onA.get(10, TimeUnit.SECONDS).status()).isEqualTo(500);
        MemoryExchange computedOnB = onB.get(10, TimeUnit.SECONDS);
        assertThat(computedOnB.status()).isEqualTo(200);
        assertThat(computedOnB.responseBodyText()).isEqualTo("computed 2");
        assertThat(computedOnB.responseHeader("X-Cache")).isEqualTo("MISS");
        assertThat(get(servers[0], "/slow?fail=1").responseHeader("X-Cache")).as("B's answer was stored for both").isEqualTo("HIT");
        assertThat(claims).isEmpty();
    }

    @Test
    void whileAnotherServerComputesBypassComputesWithoutStoringAndRejectAnswers503() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Semaphore started = new Semaphore(0);
        java.util.Map<String, Object> claims = new java.util.concurrent.ConcurrentHashMap<>();
        MemoryCacheStore entries = store();
        Balda a = slowApp(CachePlugin.builder().store(new SharedStore(entries, claims)).build(), go, started);
        Balda bypassing = slowApp(CachePlugin.builder().concurrent(Concurrent.BYPASS)
                .store(new SharedStore(entries, claims)).build(), go, started);
        Balda rejecting = slowApp(CachePlugin.builder().concurrent(Concurrent.REJECT)
                .store(new SharedStore(entries, claims)).build(), go, started);

        Future<MemoryExchange> onA = pool.submit(() -> get(a, "/slow"));
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        MemoryExchange rejected = get(rejecting, "/slow");
        Future<MemoryExchange> bypassed = pool.submit(() -> get(bypassing, "/slow"));
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("the bypassing server computes meanwhile").isTrue();
        go.countDown();

        assertThat(rejected.status()).isEqualTo(503);
        assertThat(rejected.responseHeader("Retry-After")).isEqualTo("1");
        assertThat(jsonMap(rejected)).containsEntry("code", "SERVICE_UNAVAILABLE");
        assertThat(onA.get(10, TimeUnit.SECONDS).responseBodyText()).isEqualTo("computed 1");
        assertThat(bypassed.get(10, TimeUnit.SECONDS).responseBodyText()).isEqualTo("computed 2");
        assertThat(get(rejecting, "/slow").responseBodyText()).as("the bypass did not store").isEqualTo("computed 1");
        assertThat(claims).isEmpty();
    }

    @Test
    void aServerWaitingForAnotherGets503AfterTheWaitTimeoutWithItsOwnWaiters() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Semaphore started = new Semaphore(0);
        java.util.Map<String, Object> claims = new java.util.concurrent.ConcurrentHashMap<>();
        Balda[] servers = twoServers(CachePlugin.builder().waitTimeout(Duration.ofMillis(200)), go, started, claims);

        Future<MemoryExchange> onA = pool.submit(() -> get(servers[0], "/slow"));
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        Future<MemoryExchange> first = pool.submit(() -> get(servers[1], "/slow"));
        Future<MemoryExchange> second = pool.submit(() -> get(servers[1], "/slow"));

        for (Future<MemoryExchange> waited : List.of(first, second)) {
            MemoryExchange ex = waited.get(10, TimeUnit.SECONDS);
            assertThat(ex.status()).isEqualTo(503);
            assertThat(ex.responseHeader("Retry-After")).isEqualTo("1");
        }
        go.countDown();
        assertThat(onA.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(computed).hasValue(1);
    }

    // ------------------------------------------------------------------ stores

    @Test
    void aFailingStoreLetsTheRouteRunWithoutTheCache() {
        CacheStore failing = new CacheStore() {
            @Override
            public CompletionStage<CachedResponse> get(String key) {
                return CompletableFuture.failedFuture(new IllegalStateException("down"));
            }

            @Override
            public CompletionStage<Void> put(String key, CachedResponse response, Duration ttl, Set<String> tags) {
                throw new IllegalStateException("down");
            }

            @Override
            public CompletionStage<Void> remove(String key) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Long> invalidateTags(Set<String> tags) {
                return CompletableFuture.completedFuture(0L);
            }

            @Override
            public CompletionStage<Void> clear(String keyPrefix) {
                return CompletableFuture.completedFuture(null);
            }
        };
        Balda app = app(CachePlugin.builder().store(failing).build());

        MemoryExchange first = call(app, "/products");
        MemoryExchange second = call(app, "/products");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.responseHeader("X-Cache")).isEqualTo("MISS");
        assertThat(computed).hasValue(2);
    }

    @Test
    void theMemoryStoreIsBoundedByCountAndBytesAndKeepsItsTagIndexExact() {
        MemoryCacheStore byCount = new MemoryCacheStore(2, 1 << 20, now::get);
        for (String key : List.of("a", "b", "c")) {
            byCount.put(key, CachedResponse.of(200, List.of(), new byte[10], 0), Duration.ofMinutes(1), Set.of("t-" + key));
        }
        assertThat(byCount.size()).isEqualTo(2);
        assertThat(byCount.tagCount()).as("the evicted entry's tag went with it").isEqualTo(2);

        MemoryCacheStore byBytes = new MemoryCacheStore(100, 1000, now::get);
        for (String key : List.of("a", "b", "c")) {
            byBytes.put(key, CachedResponse.of(200, List.of(), new byte[400], 0), Duration.ofMinutes(1), Set.of("t"));
        }
        assertThat(byBytes.size()).isEqualTo(2);

        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(byBytes.sweep()).isEqualTo(2);
        assertThat(byBytes.tagCount()).isZero();
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> CachePlugin.builder().ttl(Duration.ZERO).build())
                .withMessageContaining("ttl");
        assertThatIllegalArgumentException().isThrownBy(() -> CachePlugin.builder().methods("POST").build())
                .withMessageContaining("body(true)");
        assertThatIllegalArgumentException().isThrownBy(() -> CachePlugin.builder().statuses(206).build())
                .withMessageContaining("statuses");
        assertThatIllegalArgumentException().isThrownBy(() -> CachePlugin.builder().waitTimeout(Duration.ZERO).build())
                .withMessageContaining("waitTimeout");
        assertThatIllegalArgumentException().isThrownBy(() -> CachePlugin.builder().maxEntrySize(2048).maxBytes(1024).build())
                .withMessageContaining("maxBytes");
        assertThatIllegalArgumentException().isThrownBy(() -> CachePlugin.builder().maxEntries(10).store(store()).build())
                .withMessageContaining("size that store instead");
        assertThatIllegalArgumentException().isThrownBy(() -> CachePlugin.builder().headers(" ").build())
                .withMessageContaining("headers");
    }

    private Balda track(Balda app) {
        apps.add(app);
        return app;
    }
}
