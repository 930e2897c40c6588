package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.plugin.cache.CachedResponse;
import dev.balda.redis.testing.Await;
import dev.balda.redis.testing.RedisServer;
import dev.balda.redis.testing.RedisServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis cache store against a real redis-server, without containers: two stores on two
 * connections stand for two nodes. Entries exactly as stored, expiry, tags (invalidation on every
 * node, an entry moved to new tags, tag sets pruned of expired entries), removal, clearing a
 * prefix in batches, the size bound, and claims. Through the plugin on Jetty and Tomcat:
 * {@link MultiNodeStoresTest}.
 */
class RedisCacheStoreTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

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

    private RedisConnection connect(RedisServer redis) {
        RedisConnection connection = RedisConnection.open(redis.uri());
        connections.add(connection);
        Await.until("connected", connection::isConnected);
        return connection;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static CachedResponse response(String body) {
        return CachedResponse.of(200, List.of(Map.entry("Content-Type", "text/plain")), body.getBytes(), 1_000L);
    }

    private static String body(CachedResponse response) {
        return response == null ? null : new String(response.body());
    }

    private static Object call(RedisServer redis, String... command) {
        try {
            return redis.call(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anEntryStoredOnOneNodeIsReadExactlyOnAnother(RedisServer redis) throws Exception {
        RedisCacheStore a = RedisCacheStore.on(connect(redis));
        RedisCacheStore b = RedisCacheStore.on(connect(redis));
        byte[] body = new byte[70_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        CachedResponse stored = CachedResponse.of(201, List.of(Map.entry("Content-Type", "application/octet-stream"),
                Map.entry("X-Tag", "one"), Map.entry("X-Tag", "two"), Map.entry("X-Text", "h\u00e9llo")), body, 42L);

        await(a.put("cache:k1", stored, MINUTE, Set.of("products")));
        CachedResponse read = await(b.get("cache:k1"));

        assertThat(read.status()).isEqualTo(201);
        assertThat(read.headers()).containsExactlyElementsOf(stored.headers());
        assertThat(read.body()).isEqualTo(body);
        assertThat(read.storedAtMillis()).isEqualTo(42L);
        assertThat((Long) call(redis, "PTTL", "balda:cache:entry:cache:k1")).isBetween(50_000L, 60_000L);
        assertThat(call(redis, "ZRANGE", "balda:cache:tag:products", "0", "-1")).isEqualTo(List.of("balda:cache:entry:cache:k1"));
        assertThat(await(b.get("cache:unknown"))).isNull();
    }

    @Test
    void anEntryAndThenItsTagSetExpire(RedisServer redis) throws Exception {
        RedisCacheStore store = RedisCacheStore.on(connect(redis));
        await(store.put("cache:brief", response("soon gone"), Duration.ofMillis(200), Set.of("brief")));
        assertThat(body(await(store.get("cache:brief")))).isEqualTo("soon gone");

        Await.until("the entry and its tag set expired in Redis",
                () -> (Long) call(redis, "EXISTS", "balda:cache:entry:cache:brief", "balda:cache:tag:brief") == 0);
        assertThat(await(store.get("cache:brief"))).isNull();
    }

    @Test
    void invalidatingTagsRemovesTheirEntriesForEveryNodeAndCountsThem(RedisServer redis) throws Exception {
        RedisCacheStore a = RedisCacheStore.on(connect(redis));
        RedisCacheStore b = RedisCacheStore.on(connect(redis));
        await(a.put("cache:1", response("one"), MINUTE, Set.of("x", "y")));
        await(a.put("cache:2", response("two"), MINUTE, Set.of("x")));
        await(a.put("cache:3", response("three"), MINUTE, Set.of("y")));
        await(a.put("cache:4", response("four"), MINUTE, Set.of()));

        assertThat(await(b.invalidateTags(Set.of("x")))).isEqualTo(2);

        assertThat(await(a.get("cache:1"))).isNull();
        assertThat(await(a.get("cache:2"))).isNull();
        assertThat(body(await(a.get("cache:3")))).isEqualTo("three");
        assertThat(body(await(a.get("cache:4")))).isEqualTo("four");
        assertThat(call(redis, "EXISTS", "balda:cache:tag:x")).isEqualTo(0L);
        assertThat(call(redis, "ZRANGE", "balda:cache:tag:y", "0", "-1")).as("entry 1 left its other tag too")
                .isEqualTo(List.of("balda:cache:entry:cache:3"));
        assertThat(await(b.invalidateTags(Set.of("x", "y", "never-used")))).isEqualTo(1);
        assertThat(await(b.invalidateTags(Set.of()))).isZero();
    }

    @Test
    void anEntryStoredAgainWithOtherTagsLeavesItsOldOnes(RedisServer redis) throws Exception {
        RedisCacheStore store = RedisCacheStore.on(connect(redis));
        await(store.put("cache:moved", response("first"), MINUTE, Set.of("old")));
        await(store.put("cache:moved", response("second"), MINUTE, Set.of("new")));

        assertThat(await(store.invalidateTags(Set.of("old")))).isZero();
        assertThat(body(await(store.get("cache:moved")))).isEqualTo("second");
        assertThat(await(store.invalidateTags(Set.of("new")))).isEqualTo(1);
        assertThat(await(store.get("cache:moved"))).isNull();
    }

    @Test
    void aTagSetKeepsOnlyLiveEntries(RedisServer redis) throws Exception {
        RedisCacheStore store = RedisCacheStore.on(connect(redis));
        await(store.put("cache:old", response("old"), Duration.ofMillis(100), Set.of("busy")));
        Await.until("the first entry expired", () -> (Long) call(redis, "EXISTS", "balda:cache:entry:cache:old") == 0);

        await(store.put("cache:new", response("new"), MINUTE, Set.of("busy")));

        assertThat(call(redis, "ZRANGE", "balda:cache:tag:busy", "0", "-1")).as("the expired entry was pruned")
                .isEqualTo(List.of("balda:cache:entry:cache:new"));
        assertThat((Long) call(redis, "PTTL", "balda:cache:tag:busy")).as("the set lives as long as its longest entry")
                .isBetween(50_000L, 60_000L);
    }

    @Test
    void removeTakesOneEntryAndItsTagMembership(RedisServer redis) throws Exception {
        RedisCacheStore store = RedisCacheStore.on(connect(redis));
        await(store.put("cache:gone", response("gone"), MINUTE, Set.of("t")));
        await(store.put("cache:kept", response("kept"), MINUTE, Set.of("t")));

        await(store.remove("cache:gone"));

        assertThat(await(store.get("cache:gone"))).isNull();
        assertThat(call(redis, "ZRANGE", "balda:cache:tag:t", "0", "-1")).isEqualTo(List.of("balda:cache:entry:cache:kept"));
    }

    @Test
    void clearRemovesEveryEntryUnderThePrefixInBatchesAndNothingElse(RedisServer redis) throws Exception {
        RedisCacheStore store = RedisCacheStore.on(connect(redis));
        List<CompletionStage<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            puts.add(store.put("p*[1]:" + i, response("x"), MINUTE, Set.of("cleared")));
        }
        puts.add(store.put("p-other:1", response("y"), MINUTE, Set.of("cleared")));
        puts.add(store.put("p1:literal", response("z"), MINUTE, Set.of()));
        for (CompletionStage<Void> put : puts) {
            await(put);
        }

        await(store.clear("p*[1]:"));

        assertThat(call(redis, "ZRANGE", "balda:cache:tag:cleared", "0", "-1")).as("the glob characters matched literally")
                .isEqualTo(List.of("balda:cache:entry:p-other:1"));
        assertThat(body(await(store.get("p1:literal")))).isEqualTo("z");
        assertThat(await(store.get("p*[1]:599"))).isNull();
        assertThat(call(redis, "DBSIZE")).as("two entries and one tag set are left").isEqualTo(3L);
    }

    @Test
    void anEntryOverMaxEntrySizeIsNotStored(RedisServer redis) throws Exception {
        RedisCacheStore store = RedisCacheStore.builder(connect(redis)).maxEntrySize(1_000).build();

        await(store.put("cache:big", CachedResponse.of(200, List.of(), new byte[1_000], 0), MINUTE, Set.of("t")));
        await(store.put("cache:small", CachedResponse.of(200, List.of(), new byte[900], 0), MINUTE, Set.of("t")));

        assertThat(await(store.get("cache:big"))).isNull();
        assertThat(await(store.get("cache:small"))).isNotNull();
        assertThat(call(redis, "ZRANGE", "balda:cache:tag:t", "0", "-1")).isEqualTo(List.of("balda:cache:entry:cache:small"));
        assertThatIllegalArgumentException().isThrownBy(() -> RedisCacheStore.builder(connections.get(0)).maxEntrySize(0).build())
                .withMessageStartingWith("maxEntrySize must be between 1 byte and 512 MiB");
    }

    @Test
    void anUnreadableValueIsAMissNotAFailure(RedisServer redis) throws Exception {
        RedisCacheStore store = RedisCacheStore.on(connect(redis));
        call(redis, "HSET", "balda:cache:entry:cache:odd", "v", "written by something else");

        assertThat(await(store.get("cache:odd"))).isNull();
    }

    @Test
    void aClaimIsOneNodesUntilItReleasesItOrItsLeaseEnds(RedisServer redis) throws Exception {
        RedisCacheStore a = RedisCacheStore.on(connect(redis));
        RedisCacheStore b = RedisCacheStore.on(connect(redis));

        assertThat(await(a.claim("cache:k", MINUTE))).isTrue();
        assertThat(await(b.claim("cache:k", MINUTE))).isFalse();
        assertThat(await(a.claim("cache:k", MINUTE))).as("a node's own claim is its own").isTrue();
        await(b.release("cache:k"));
        assertThat(await(b.claim("cache:k", MINUTE))).as("B cannot release A's claim").isFalse();
        await(a.release("cache:k"));
        assertThat(await(b.claim("cache:k", Duration.ofMillis(100)))).isTrue();

        Await.until("B's short lease ended", () -> (Long) call(redis, "EXISTS", "balda:cache:claim:cache:k") == 0);
        assertThat(await(a.claim("cache:k", MINUTE))).isTrue();
        assertThat((Long) call(redis, "PTTL", "balda:cache:claim:cache:k")).isBetween(50_000L, 60_000L);
    }
}
