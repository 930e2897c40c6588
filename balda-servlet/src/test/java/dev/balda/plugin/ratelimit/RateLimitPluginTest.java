package dev.balda.plugin.ratelimit;

import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.jsonMap;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.internal.MemoryExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitPluginTest {
    /** Every application a test made, stopped afterwards so no store's sweep outlives its test. */
    private final List<Balda> apps = new ArrayList<>();

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger handled = new AtomicInteger();

    @AfterEach
    void stopApps() {
        apps.forEach(Balda::stop);
    }

    private Balda app(RateLimitPlugin limiter) {
        Balda app = track(Balda.create());
        app.use(limiter);
        app.get("/", (req, res) -> {
            handled.incrementAndGet();
            return "ok";
        });
        return app;
    }

    private static MemoryExchange from(Balda app, String ip) {
        return run(app, MemoryExchange.request("GET", "/").remoteAddress(ip));
    }

    @Test
    void everyAnswerCarriesTheHeadersAndTheOneOverTheLimitIs429WithRetryAfter() {
        MemoryRateLimitStore store = new MemoryRateLimitStore(100, now::get);
        Balda app = app(RateLimitPlugin.builder().limit(3).window(Duration.ofSeconds(60)).store(store).build());

        List<String> remaining = new ArrayList<>();
        List<String> resets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MemoryExchange ex = get(app, "/");
            assertThat(ex.status()).isEqualTo(200);
            assertThat(ex.responseHeader("RateLimit-Limit")).isEqualTo("3");
            remaining.add(ex.responseHeader("RateLimit-Remaining"));
            resets.add(ex.responseHeader("RateLimit-Reset"));
            now.addAndGet(Duration.ofSeconds(10).toNanos());
        }
        MemoryExchange refused = get(app, "/");

        assertThat(remaining).containsExactly("2", "1", "0");
        assertThat(resets).as("seconds until the window ends").containsExactly("60", "50", "40");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(jsonMap(refused)).containsEntry("code", "TOO_MANY_REQUESTS");
        assertThat(refused.responseHeader("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.responseHeader("RateLimit-Reset")).isEqualTo("30");
        assertThat(refused.responseHeader("Retry-After")).isEqualTo("30");
        assertThat(handled).as("the handler does not run for the refused request").hasValue(3);
    }

    @Test
    void aNewWindowStartsAfterTheReset() {
        MemoryRateLimitStore store = new MemoryRateLimitStore(100, now::get);
        Balda app = app(RateLimitPlugin.builder().limit(1).window(Duration.ofSeconds(5)).store(store).build());

        assertThat(get(app, "/").status()).isEqualTo(200);
        assertThat(get(app, "/").status()).isEqualTo(429);
        now.addAndGet(Duration.ofSeconds(5).toNanos());

        MemoryExchange fresh = get(app, "/");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.responseHeader("RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void eachKeyHasItsOwnCountIpByDefault() {
        Balda app = app(RateLimitPlugin.builder().limit(1).build());

        assertThat(from(app, "10.0.0.1").status()).isEqualTo(200);
        assertThat(from(app, "10.0.0.2").status()).isEqualTo(200);
        assertThat(from(app, "10.0.0.1").status()).isEqualTo(429);
    }

    @Test
    void theKeyMayBeAFunctionAndNullLeavesARequestUncounted() {
        Balda app = app(RateLimitPlugin.builder().limit(1)
                .key(req -> req.header("X-Api-Key")).build());

        assertThat(run(app, MemoryExchange.request("GET", "/").header("X-Api-Key", "a")).status()).isEqualTo(200);
        assertThat(run(app, MemoryExchange.request("GET", "/").header("X-Api-Key", "a")).status()).isEqualTo(429);
        assertThat(run(app, MemoryExchange.request("GET", "/").header("X-Api-Key", "b")).status()).isEqualTo(200);
        MemoryExchange uncounted = get(app, "/");
        assertThat(uncounted.status()).isEqualTo(200);
        assertThat(uncounted.responseHeader("RateLimit-Limit")).isNull();
        assertThat(get(app, "/").status()).isEqualTo(200);
    }

    @Test
    void notFoundAnswersAreCountedToo() {
        Balda app = app(RateLimitPlugin.builder().limit(1).build());

        assertThat(get(app, "/nope").status()).isEqualTo(404);
        assertThat(get(app, "/nope").status()).isEqualTo(429);
    }

    @Test
    void aRouteLimitCountsApartFromTheGlobalOne() {
        Balda app = track(Balda.create());
        app.use(RateLimitPlugin.builder().limit(100).build());
        app.post("/announce", RouteOptions.of(RateLimitPlugin.builder().limit(1).build()), (req, res) -> "sent");
        app.get("/read", (req, res) -> "read");

        assertThat(run(app, "POST", "/announce").status()).isEqualTo(200);
        MemoryExchange refused = run(app, "POST", "/announce");
        MemoryExchange read = get(app, "/read");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.responseHeader("RateLimit-Limit")).as("the route's, set last").isEqualTo("1");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.responseHeader("RateLimit-Limit")).isEqualTo("100");
        assertThat(read.responseHeader("RateLimit-Remaining")).isEqualTo("97");
    }

    @Test
    void aLimitOfTenLetsExactlyTenOf50ConcurrentRequestsThrough() throws Exception {
        Balda app = app(RateLimitPlugin.builder().limit(10).build());
        app.start();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return get(app, "/").status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertThat(Collections.frequency(statuses, 200)).isEqualTo(10);
            assertThat(Collections.frequency(statuses, 429)).isEqualTo(40);
            assertThat(handled).hasValue(10);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A store whose every call fails, now or later. */
    private static RateLimitStore failing(boolean synchronously) {
        return new RateLimitStore() {
            @Override
            public CompletionStage<Window> increment(String key, Duration window) {
                if (synchronously) {
                    throw new IllegalStateException("store down");
                }
                return CompletableFuture.failedFuture(new IllegalStateException("store down"));
            }

            @Override
            public CompletionStage<Void> reset(String key) {
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    @Test
    void aFailingStoreLetsRequestsThroughUncountedByDefault() {
        for (boolean synchronously : new boolean[] {true, false}) {
            Balda app = app(RateLimitPlugin.builder().store(failing(synchronously)).build());

            MemoryExchange ex = get(app, "/");

            assertThat(ex.status()).isEqualTo(200);
            assertThat(ex.responseHeader("RateLimit-Limit")).isNull();
        }
    }

    @Test
    void failClosedRefusesWith429WhileTheStoreFails() {
        Balda app = app(RateLimitPlugin.builder().store(failing(false)).failClosed(true).build());

        MemoryExchange ex = get(app, "/");

        assertThat(ex.status()).isEqualTo(429);
        assertThat(jsonMap(ex)).containsEntry("code", "TOO_MANY_REQUESTS");
        assertThat(ex.responseHeader("Retry-After")).isEqualTo("1");
        assertThat(handled).hasValue(0);
    }

    @Test
    void theMemoryStoreKeepsAtMostMaxKeysAndSweepsEndedWindows() {
        MemoryRateLimitStore store = new MemoryRateLimitStore(2, now::get);
        store.increment("a", Duration.ofSeconds(1));
        store.increment("b", Duration.ofSeconds(10));
        store.increment("c", Duration.ofSeconds(10));
        assertThat(store.size()).isEqualTo(2);

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(store.sweep()).isEqualTo(2);
        assertThat(store.size()).isZero();
    }

    @Test
    void theStoreCountsAndResetsAtomically() throws Exception {
        MemoryRateLimitStore store = new MemoryRateLimitStore(10, now::get);
        RateLimitStore.Window first = store.increment("k", Duration.ofSeconds(60)).toCompletableFuture().get();
        now.addAndGet(Duration.ofSeconds(15).toNanos());
        RateLimitStore.Window second = store.increment("k", Duration.ofSeconds(60)).toCompletableFuture().get();
        store.reset("k");
        RateLimitStore.Window afterReset = store.increment("k", Duration.ofSeconds(60)).toCompletableFuture().get();

        assertThat(first).isEqualTo(new RateLimitStore.Window(1, Duration.ofSeconds(60)));
        assertThat(second).isEqualTo(new RateLimitStore.Window(2, Duration.ofSeconds(45)));
        assertThat(afterReset.count()).isEqualTo(1);
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPlugin.builder().limit(0).build())
                .withMessageContaining("limit");
        assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPlugin.builder().window(Duration.ofMillis(500)).build())
                .withMessageContaining("window");
        assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPlugin.builder().maxKeys(0).build())
                .withMessageContaining("maxKeys");
        assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPlugin.builder().maxKeys(10)
                .store(new MemoryRateLimitStore(5)).build()).withMessageContaining("size that store instead");
    }

    private Balda track(Balda app) {
        apps.add(app);
        return app;
    }
}
