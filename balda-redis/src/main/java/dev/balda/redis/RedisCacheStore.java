package dev.balda.redis;

import dev.balda.plugin.cache.CachePlugin;
import dev.balda.plugin.cache.CacheStore;
import dev.balda.plugin.cache.CachedResponse;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CacheStore} in Redis, shared by every node of an application: an answer computed on
 * one node is a hit on the others, an invalidated tag is gone for all, and a key is computed by
 * one node at a time among them.
 *
 * <pre>{@code
 * CachePlugin cache = CachePlugin.builder().ttl(Duration.ofSeconds(30)).tags("products")
 *         .store(RedisCacheStore.on(redis)).build();
 * }</pre>
 *
 * <p>Keys (after the connection's {@code keyPrefix}, {@code balda:} by default):
 * <ul>
 *   <li>{@code cache:entry:<key>}: a hash per entry, expiring with its ttl: field {@code v} the
 *       response ({@link CachedResponseFormat}, binary), and one field per tag naming the tag's
 *       set, so removing an entry also takes it out of its tags.</li>
 *   <li>{@code cache:tag:<tag>}: a sorted set per tag of the entries carrying it, each scored
 *       with its expiry; a store prunes the expired ones whenever it adds to the set, and the set
 *       expires with its longest-lived entry.</li>
 *   <li>{@code cache:claim:<key>}: who computes the key now (this store's random id), set only
 *       if absent ({@code SET NX PX}), for at most the plugin's {@code waitTimeout}.</li>
 * </ul>
 * Storing (entry, tags, pruning, expiries), removing an entry, and invalidating tags are each one
 * Lua script, which Redis runs atomically: an entry stored while a tag is invalidated is either
 * gone with it or stored after it with its tags, never kept untagged. Invalidation and removal
 * reach entries through their tags' sets, which scripts read: this store is for a standalone
 * Redis (or a primary with replicas), not a Redis Cluster.
 *
 * <p>An encoded entry larger than {@code maxEntrySize} (2 MiB) is not stored (the request is
 * answered as usual; a warning the first time, then DEBUG): keep it above the plugin's
 * {@code maxEntrySize} plus the headers. Every key written has an expiry, so a Redis bounded with
 * {@code maxmemory} and a {@code volatile-*} or {@code allkeys-*} eviction policy stays bounded.
 * Every call is one command (or script) on the shared {@link RedisConnection}, answered within
 * its {@code commandTimeout}, failing at once while Redis is away; the {@link CachePlugin} then
 * runs the route without the cache.
 */
public final class RedisCacheStore implements CacheStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheStore.class);
    private static final byte[] VALUE = {'v'};
    private static final int CLEAR_BATCH = 500;

    /** Removes an entry and takes it out of its tags' sets; 1 when it was there. */
    private static final String DROP = """
            local function drop(entry)
              for _, field in ipairs(redis.call('HKEYS', entry)) do
                if string.sub(field, 1, 2) == 't:' then
                  redis.call('ZREM', string.sub(field, 3), entry)
                end
              end
              return redis.call('DEL', entry)
            end
            """;

    /** KEYS[1] the entry, KEYS[2..] its tags' sets; ARGV[1] the response, ARGV[2] the ttl in ms. */
    static final RedisScript PUT = RedisScript.of(ScriptOutputType.INTEGER, DROP + """
            drop(KEYS[1])
            local ttl = tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            redis.call('HSET', KEYS[1], 'v', ARGV[1])
            for i = 2, #KEYS do
              redis.call('HSET', KEYS[1], 't:' .. KEYS[i], '')
              redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
              redis.call('ZADD', KEYS[i], now + ttl, KEYS[1])
              if redis.call('PTTL', KEYS[i]) < ttl then
                redis.call('PEXPIRE', KEYS[i], ttl)
              end
            end
            redis.call('PEXPIRE', KEYS[1], ttl)
            return 1
            """);

    /** KEYS the entries; returns how many were there. */
    private static final RedisScript REMOVE = RedisScript.of(ScriptOutputType.INTEGER, DROP + """
            local removed = 0
            for i = 1, #KEYS do
              removed = removed + drop(KEYS[i])
            end
            return removed
            """);

    /** KEYS the tags' sets; removes their entries (from their other tags too) and the sets; returns how many entries went. */
    private static final RedisScript INVALIDATE = RedisScript.of(ScriptOutputType.INTEGER, DROP + """
            local removed = 0
            for i = 1, #KEYS do
              for _, entry in ipairs(redis.call('ZRANGE', KEYS[i], 0, -1)) do
                removed = removed + drop(entry)
              end
              redis.call('DEL', KEYS[i])
            end
            return removed
            """);

    /** KEYS[1] the claim; ARGV[1] this store's id, ARGV[2] the lease in ms; 1 when the claim is (now) this store's. */
    private static final RedisScript CLAIM = RedisScript.of(ScriptOutputType.INTEGER, """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return 1
            end
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """);

    /** KEYS[1] the claim; ARGV[1] this store's id: deletes the claim only if it is still this store's. */
    private static final RedisScript RELEASE = RedisScript.of(ScriptOutputType.INTEGER, """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private final RedisConnection connection;
    private final long maxEntrySize;
    private final String entries;
    private final String tags;
    private final String claims;
    private final byte[] id = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
    private final AtomicBoolean warnedTooLarge = new AtomicBoolean();

    private RedisCacheStore(Builder b) {
        this.connection = b.connection;
        this.maxEntrySize = b.maxEntrySize;
        String namespace = connection.options().keyPrefix() + "cache:";
        this.entries = namespace + "entry:";
        this.tags = namespace + "tag:";
        this.claims = namespace + "claim:";
    }

    /** A store on this shared connection (closed by its owner, after the application stopped), with the defaults. */
    public static RedisCacheStore on(RedisConnection connection) {
        return builder(connection).build();
    }

    public static Builder builder(RedisConnection connection) {
        return new Builder(connection);
    }

    /** The largest encoded entry (response, headers) stored. */
    public long maxEntrySize() {
        return maxEntrySize;
    }

    @Override
    public CompletionStage<CachedResponse> get(String key) {
        return connection.<byte[]>call(c -> c.hget(bytes(entries + key), VALUE)).thenApply(value -> {
            if (value == null) {
                return null;
            }
            try {
                return CachedResponseFormat.read(value);
            } catch (IllegalArgumentException unreadable) {
                LOG.debug("Cache entry {} is unreadable ({}); answering as a miss", key, unreadable.getMessage());
                return null;
            }
        });
    }

    @Override
    public CompletionStage<Void> put(String key, CachedResponse response, Duration ttl, Set<String> tagsOfEntry) {
        byte[] value = CachedResponseFormat.write(response);
        if (value.length > maxEntrySize) {
            tooLarge(key, value.length);
            return CompletableFuture.completedFuture(null);
        }
        byte[][] keys = new byte[1 + tagsOfEntry.size()][];
        keys[0] = bytes(entries + key);
        int i = 1;
        for (String tag : tagsOfEntry) {
            keys[i++] = bytes(tags + tag);
        }
        return PUT.<Long>run(connection, keys, value, millis(ttl)).thenApply(done -> null);
    }

    private void tooLarge(String key, int size) {
        if (warnedTooLarge.compareAndSet(false, true)) {
            LOG.warn("A cache entry of {} bytes was not stored in Redis: larger than maxEntrySize ({} bytes); raise "
                    + "RedisCacheStore's maxEntrySize above the cache's own (logged once; then at DEBUG)", size, maxEntrySize);
        } else {
            LOG.debug("Cache entry {} of {} bytes not stored: larger than maxEntrySize", key, size);
        }
    }

    @Override
    public CompletionStage<Void> remove(String key) {
        return REMOVE.<Long>run(connection, new byte[][] {bytes(entries + key)}).thenApply(removed -> null);
    }

    @Override
    public CompletionStage<Long> invalidateTags(Set<String> tagsToDrop) {
        if (tagsToDrop.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        byte[][] keys = tagsToDrop.stream().map(tag -> bytes(tags + tag)).toArray(byte[][]::new);
        return INVALIDATE.run(connection, keys);
    }

    /**
     * Removes the entries under the prefix, found with {@code SCAN} a few hundred keys at a time
     * (never one command over the whole key space), each batch removed with its tags by one script.
     * Entries stored meanwhile may stay.
     */
    @Override
    public CompletionStage<Void> clear(String keyPrefix) {
        ScanArgs match = ScanArgs.Builder.matches(bytes(glob(entries + keyPrefix) + "*")).limit(CLEAR_BATCH);
        return clearFrom(ScanCursor.INITIAL, match);
    }

    private CompletionStage<Void> clearFrom(ScanCursor cursor, ScanArgs match) {
        return connection.<KeyScanCursor<byte[]>>call(c -> c.scan(cursor, match)).thenCompose(batch -> {
            List<byte[]> keys = new ArrayList<>(batch.getKeys());
            CompletionStage<Long> removed = keys.isEmpty() ? CompletableFuture.completedFuture(0L)
                    : REMOVE.run(connection, keys.toArray(byte[][]::new));
            return removed.thenCompose(n -> batch.isFinished() ? CompletableFuture.completedFuture(null)
                    : clearFrom(batch, match));
        });
    }

    /** The text as a glob that matches it literally. */
    private static String glob(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    @Override
    public CompletionStage<Boolean> claim(String key, Duration lease) {
        return CLAIM.<Long>run(connection, new byte[][] {bytes(claims + key)}, id, millis(lease))
                .thenApply(granted -> granted == 1L);
    }

    @Override
    public CompletionStage<Void> release(String key) {
        return RELEASE.<Long>run(connection, new byte[][] {bytes(claims + key)}, id).thenApply(released -> null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] millis(Duration duration) {
        return Long.toString(Math.max(1, duration.toMillis())).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "RedisCacheStore[" + entries + "* on " + connection + "]";
    }

    /** Builds a {@link RedisCacheStore}; {@link #build()} checks the values. */
    public static final class Builder {
        /** Redis's own limit on a value. */
        private static final long REDIS_MAX_VALUE = 512L * 1024 * 1024;

        private final RedisConnection connection;
        private long maxEntrySize = 2L * 1024 * 1024;

        private Builder(RedisConnection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /** The largest encoded entry stored (2 MiB): the body, the headers, a few bytes more. */
        public Builder maxEntrySize(long bytes) {
            this.maxEntrySize = bytes;
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public RedisCacheStore build() {
            if (maxEntrySize < 1 || maxEntrySize > REDIS_MAX_VALUE) {
                throw new IllegalArgumentException("maxEntrySize must be between 1 byte and 512 MiB (Redis's limit on a"
                        + " value), not " + maxEntrySize);
            }
            return new RedisCacheStore(this);
        }
    }
}
