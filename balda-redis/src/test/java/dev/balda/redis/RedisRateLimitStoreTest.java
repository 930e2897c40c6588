package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.plugin.ratelimit.RateLimitStore;
import dev.balda.redis.testing.Await;
import dev.balda.redis.testing.RedisServer;
import dev.balda.redis.testing.RedisServerExtension;
import io.lettuce.core.RedisCommandTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis rate-limit store against a real redis-server, without containers: counts and windows
 * as Redis keeps them, exact counts from two connections (two nodes) counting at once, the
 * script sent again after Redis forgot it, and failures that come at once or within the command
 * timeout. Through the plugin on Jetty and Tomcat: {@link MultiNodeStoresTest},
 * {@link RedisStoresFaultTest}.
 */
class RedisRateLimitStoreTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final List<RedisConnection> connections = new ArrayList<>();

    @AfterEach
    void close() {
        connections.forEach(RedisConnection::close);
    }

    private RedisConnection connect(RedisOptions options) {
        RedisConnection connection = RedisConnection.open(options);
        connections.add(connection);
        Await.until("connected to " + options.uri(), connection::isConnected);
        return connection;
    }

    private RedisConnection connect(RedisServer redis) {
        return connect(RedisOptions.of(redis.uri()));
    }

    private static RateLimitStore.Window count(RateLimitStore store, String key, Duration window) throws Exception {
        return store.increment(key, window).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theCountAndTheTimeLeftComeFromOneCounterInRedis(RedisServer redis) throws Exception {
        RedisRateLimitStore store = RedisRateLimitStore.on(connect(redis));

        RateLimitStore.Window first = count(store, "rl:10.0.0.1", MINUTE);
        count(store, "rl:10.0.0.1", MINUTE);
        RateLimitStore.Window third = count(store, "rl:10.0.0.1", MINUTE);

        assertThat(first.count()).isEqualTo(1);
        assertThat(third.count()).isEqualTo(3);
        assertThat(first.resetIn()).isLessThanOrEqualTo(MINUTE).isGreaterThan(Duration.ofSeconds(50));
        assertThat(third.resetIn()).isLessThanOrEqualTo(first.resetIn());
        assertThat(redis.call("GET", "balda:rate:rl:10.0.0.1")).isEqualTo("3");
        assertThat((Long) redis.call("PTTL", "balda:rate:rl:10.0.0.1")).isBetween(50_000L, 60_000L);
        assertThat(count(store, "rl:10.0.0.2", MINUTE).count()).as("another key counts on its own").isEqualTo(1);
    }

    @Test
    void twoNodesCountingAtOnceNeverSeeTheSameCount(RedisServer redis) throws Exception {
        RedisRateLimitStore nodeA = RedisRateLimitStore.on(connect(redis));
        RedisRateLimitStore nodeB = RedisRateLimitStore.on(connect(redis));
        int threads = 8;
        int perThread = 250;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<RateLimitStore.Window>> counted = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            RedisRateLimitStore store = t % 2 == 0 ? nodeA : nodeB;
            Thread sender = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    counted.add(store.increment("rl:crowd", MINUTE).toCompletableFuture());
                }
            });
            sender.start();
            senders.add(sender);
        }
        go.countDown();
        for (Thread sender : senders) {
            sender.join();
        }

        List<Long> counts = new ArrayList<>();
        for (CompletableFuture<RateLimitStore.Window> window : counted) {
            counts.add(window.get(10, TimeUnit.SECONDS).count());
        }
        assertThat(counts).as("every count from 1 to 2,000 exactly once")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
    }

    @Test
    void aWindowEndsInRedisAndTheNextRequestStartsANewOne(RedisServer redis) throws Exception {
        RedisRateLimitStore store = RedisRateLimitStore.on(connect(redis));
        Duration short_ = Duration.ofMillis(300);

        assertThat(count(store, "rl:brief", short_).count()).isEqualTo(1);
        assertThat(count(store, "rl:brief", short_).count()).isEqualTo(2);
        Await.until("the window's counter expired in Redis", () -> exists(redis, "balda:rate:rl:brief") == 0);

        RateLimitStore.Window next = count(store, "rl:brief", short_);
        assertThat(next.count()).isEqualTo(1);
        assertThat(next.resetIn()).isLessThanOrEqualTo(short_).isPositive();
    }

    @Test
    void resetForgetsTheCount(RedisServer redis) throws Exception {
        RedisRateLimitStore store = RedisRateLimitStore.on(connect(redis));
        count(store, "rl:again", MINUTE);
        count(store, "rl:again", MINUTE);

        store.reset("rl:again").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(exists(redis, "balda:rate:rl:again")).isZero();
        assertThat(count(store, "rl:again", MINUTE).count()).isEqualTo(1);
    }

    @Test
    void aCounterWithoutExpiryGetsTheWindowSoNoKeyLivesForever(RedisServer redis) throws Exception {
        RedisRateLimitStore store = RedisRateLimitStore.on(connect(redis));
        redis.call("SET", "balda:rate:rl:stuck", "4");

        assertThat(count(store, "rl:stuck", MINUTE).count()).isEqualTo(5);
        assertThat((Long) redis.call("PTTL", "balda:rate:rl:stuck")).isBetween(50_000L, 60_000L);
    }

    @Test
    void theScriptIsSentWholeAgainWhenRedisHasForgottenIt(RedisServer redis) throws Exception {
        RedisRateLimitStore store = RedisRateLimitStore.on(connect(redis));
        count(store, "rl:script", MINUTE);
        String sha = RedisRateLimitStore.COUNT.sha();
        assertThat(redis.call("SCRIPT", "EXISTS", sha)).as("Redis names the script by the SHA-1 we computed")
                .isEqualTo(List.of(1L));

        redis.call("SCRIPT", "FLUSH");
        assertThat(redis.call("SCRIPT", "EXISTS", sha)).isEqualTo(List.of(0L));

        assertThat(count(store, "rl:script", MINUTE).count()).isEqualTo(2);
        assertThat(redis.call("SCRIPT", "EXISTS", sha)).as("loaded again for the next calls").isEqualTo(List.of(1L));
    }

    @Test
    void applicationsWithOtherKeyPrefixesCountApart(RedisServer redis) throws Exception {
        RedisRateLimitStore shop = RedisRateLimitStore.on(connect(RedisOptions.builder().uri(redis.uri()).keyPrefix("shop:").build()));
        RedisRateLimitStore blog = RedisRateLimitStore.on(connect(RedisOptions.builder().uri(redis.uri()).keyPrefix("blog:").build()));

        count(shop, "rl:1.2.3.4", MINUTE);
        count(shop, "rl:1.2.3.4", MINUTE);

        assertThat(count(blog, "rl:1.2.3.4", MINUTE).count()).isEqualTo(1);
        assertThat(redis.call("GET", "shop:rate:rl:1.2.3.4")).isEqualTo("2");
        assertThat(redis.call("GET", "blog:rate:rl:1.2.3.4")).isEqualTo("1");
    }

    @Test
    void withoutRedisACallFailsAtOnceAndNeverWaits(RedisServer redis) throws Exception {
        RedisConnection connection = connect(redis);
        RedisRateLimitStore store = RedisRateLimitStore.on(connection);
        redis.kill();
        Await.until("the connection noticed", () -> !connection.isConnected());

        CompletableFuture<RateLimitStore.Window> counting = store.increment("rl:down", MINUTE).toCompletableFuture();

        assertThat(counting).as("failed when returned: commands are rejected while disconnected").isCompletedExceptionally();
        redis.restart();
        Await.until("reconnected by itself", connection::isConnected);
        assertThat(count(store, "rl:down", MINUTE).count()).isEqualTo(1);
    }

    @Test
    void aHungRedisFailsTheCallWithinTheCommandTimeout(RedisServer redis) throws Exception {
        RedisRateLimitStore store = RedisRateLimitStore.on(connect(RedisOptions.builder().uri(redis.uri())
                .commandTimeout(Duration.ofMillis(300)).build()));
        count(store, "rl:hung", MINUTE);
        redis.freeze();
        try {
            CompletableFuture<RateLimitStore.Window> counting = store.increment("rl:hung", MINUTE).toCompletableFuture();

            assertThatThrownBy(() -> counting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RedisCommandTimeoutException.class);
        } finally {
            redis.thaw();
        }
        assertThat(count(store, "rl:hung", MINUTE).count()).as("the timed-out increment may have run once Redis thawed")
                .isBetween(2L, 3L);
    }

    private static long exists(RedisServer redis, String key) {
        try {
            return (Long) redis.call("EXISTS", key);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
