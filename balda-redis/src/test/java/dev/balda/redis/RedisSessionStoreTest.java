package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.redis.testing.Await;
import dev.balda.redis.testing.RedisServer;
import dev.balda.redis.testing.RedisServerExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis session store against a real redis-server, without containers: a session saved on
 * one connection (node) is read on another, lives in Redis for its ttl from its last save, comes
 * back as JSON gives it, and what cannot be kept, or no Redis, fails the save rather than losing
 * it quietly. Through the session plugin on Jetty and Tomcat: {@link MultiNodeStoresTest},
 * {@link RedisStoresFaultTest}.
 */
class RedisSessionStoreTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final String ID = "abcdefghijklmnopqrstuvwxyz012345";

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final List<RedisConnection> connections = new ArrayList<>();

    @BeforeEach
    void empty(RedisServer redis) throws IOException {
        redis.call("FLUSHALL");
    }

    @AfterEach
    void close() {
        connections.forEach(RedisConnection::close);
    }

    private RedisSessionStore store(RedisServer redis) {
        RedisConnection connection = RedisConnection.open(RedisOptions.of(redis.uri()));
        connections.add(connection);
        Await.until("connected to " + redis.uri(), connection::isConnected);
        return RedisSessionStore.on(connection);
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSessionSavedOnOneNodeIsReadOnAnotherWithItsValuesAsJsonGivesThem(RedisServer redis) throws Exception {
        RedisSessionStore a = store(redis);
        RedisSessionStore b = store(redis);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", "zoë \u4e16\u754c");
        data.put("visits", 3);
        data.put("big", 10_000_000_000L);
        data.put("ratio", 0.5);
        data.put("admin", true);
        data.put("nothing", null);
        data.put("roles", List.of("a", "b"));
        data.put("cart", Map.of("tea", 2));

        get(a.save(ID, data, HOUR));
        Map<String, Object> read = get(b.load(ID));

        assertThat(read).isEqualTo(data);
        assertThat(read.get("visits")).isInstanceOf(Integer.class);
        assertThat(read.get("big")).isInstanceOf(Long.class);
        read.put("visits", 4);
        assertThat(get(a.load(ID))).as("a copy the caller may change").containsEntry("visits", 3);
        assertThat(redis.call("GET", "balda:session:" + ID)).asString().startsWith("{\"user\":");
    }

    @Test
    void aSessionLivesInRedisForItsTtlFromItsLastSave(RedisServer redis) throws Exception {
        RedisSessionStore store = store(redis);
        get(store.save(ID, Map.of("n", 1), HOUR));
        long left = (Long) redis.call("PTTL", "balda:session:" + ID);
        assertThat(left).isPositive().isLessThanOrEqualTo(HOUR.toMillis());

        get(store.save(ID, Map.of("n", 2), Duration.ofMillis(50)));
        Await.until("Redis forgot the session", () -> {
            try {
                return get(store.load(ID)) == null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(redis.call("EXISTS", "balda:session:" + ID)).isEqualTo(0L);
    }

    @Test
    void deleteForgetsASessionAndAnUnknownOneIsFine(RedisServer redis) throws Exception {
        RedisSessionStore store = store(redis);
        get(store.save(ID, Map.of("n", 1), HOUR));
        get(store.delete(ID));
        get(store.delete(ID));
        assertThat(get(store.load(ID))).isNull();
        assertThat(get(store.load("never-saved"))).isNull();
    }

    @Test
    void whatJsonCannotKeepOrALargeSessionFailsTheSaveAndNamesWhy(RedisServer redis) throws Exception {
        RedisSessionStore store = store(redis);
        Map<String, Object> odd = Map.of("cart", Map.of("when", new java.util.Date()));
        assertThatThrownBy(() -> get(store.save(ID, odd, HOUR))).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("A Redis session keeps strings, numbers, booleans, lists and maps; 'cart.when' is a"
                        + " java.util.Date");
        RedisSessionStore small = RedisSessionStore.builder(connections.get(0)).maxSessionSize(100).build();
        assertThatThrownBy(() -> get(small.save(ID, Map.of("text", "x".repeat(100)), HOUR)))
                .hasRootCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSessionSize (100)");
        assertThat(redis.call("EXISTS", "balda:session:" + ID)).as("nothing was written").isEqualTo(0L);
        assertThatThrownBy(() -> RedisSessionStore.builder(connections.get(0)).maxSessionSize(1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxSessionSize must be");
    }

    @Test
    void aValueThatIsNotASessionsJsonIsNoSession(RedisServer redis) throws Exception {
        RedisSessionStore store = store(redis);
        redis.call("SET", "balda:session:" + ID, "not json");
        assertThat(get(store.load(ID))).isNull();
    }

    @Test
    void withoutRedisEveryCallFailsAtOnce(RedisServer redis) throws Exception {
        RedisSessionStore store = store(redis);
        redis.kill();
        Await.until("the connection noticed", () -> !connections.get(0).isConnected());

        CompletableFuture<Void> saving = store.save(ID, Map.of("n", 1), HOUR).toCompletableFuture();
        CompletableFuture<Map<String, Object>> loading = store.load(ID).toCompletableFuture();

        assertThat(saving).as("failed when returned").isCompletedExceptionally();
        assertThat(loading).as("failed when returned").isCompletedExceptionally();
        redis.restart();
        Await.until("reconnected by itself", connections.get(0)::isConnected);
        get(store.save(ID, Map.of("n", 1), HOUR));
        assertThat(get(store.load(ID))).isEqualTo(Map.of("n", 1));
    }
}
