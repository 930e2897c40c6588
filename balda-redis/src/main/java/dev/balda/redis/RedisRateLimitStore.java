package dev.balda.redis;

import dev.balda.plugin.ratelimit.RateLimitPlugin;
import dev.balda.plugin.ratelimit.RateLimitStore;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A {@link RateLimitStore} in Redis, shared by every node of an application, so that together
 * they let exactly {@code limit} requests through per key and window:
 *
 * <pre>{@code
 * app.use(RateLimitPlugin.builder().limit(100).store(RedisRateLimitStore.on(redis)).build());
 * }</pre>
 *
 * <p>Each key is one Redis counter, {@code keyPrefix + "rate:" + key} (so {@code balda:rate:rl:}
 * and the client's address by default), living as long as its window. Counting is one Lua script
 * that Redis runs atomically: {@code INCR}, then, when the counter has no expiry yet (it was just
 * made), {@code PEXPIRE} to the window's length, then the count and the milliseconds left
 * ({@code PTTL}) come back in the same answer. No two requests on any nodes see the same count,
 * and the window's end is Redis's clock, the same for every node. Fixed windows, as in memory.
 *
 * <p>Every call is one command on the shared {@link RedisConnection}, answered within the
 * connection's {@code commandTimeout}; while Redis is away calls fail at once, and the
 * {@link RateLimitPlugin}'s {@code failClosed} decides what the request gets. Redis bounds the
 * number of keys itself (each expires with its window; set {@code maxmemory} for a hard bound),
 * so there is no {@code maxKeys} here.
 */
public final class RedisRateLimitStore implements RateLimitStore {
    /** Returns {count, milliseconds until the window ends}. */
    static final RedisScript COUNT = RedisScript.of(ScriptOutputType.MULTI, """
            local count = redis.call('INCR', KEYS[1])
            local left = redis.call('PTTL', KEYS[1])
            if left < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              left = tonumber(ARGV[1])
            end
            return {count, left}
            """);

    private final RedisConnection connection;
    private final String namespace;

    private RedisRateLimitStore(RedisConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.namespace = connection.options().keyPrefix() + "rate:";
    }

    /** A store on this shared connection, which its owner closes (after the application stopped). */
    public static RedisRateLimitStore on(RedisConnection connection) {
        return new RedisRateLimitStore(connection);
    }

    @Override
    public CompletionStage<Window> increment(String key, Duration window) {
        byte[] length = Long.toString(Math.max(1, window.toMillis())).getBytes(StandardCharsets.US_ASCII);
        return COUNT.<List<Long>>run(connection, new byte[][] {redisKey(key)}, length)
                .thenApply(answer -> new Window(answer.get(0), Duration.ofMillis(Math.max(0, answer.get(1)))));
    }

    @Override
    public CompletionStage<Void> reset(String key) {
        return connection.<Long>call(c -> c.del(redisKey(key))).thenApply(deleted -> null);
    }

    /** The Redis key a plugin's key is counted under. */
    String redisKeyOf(String key) {
        return namespace + key;
    }

    private byte[] redisKey(String key) {
        return redisKeyOf(key).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RedisRateLimitStore[" + namespace + "* on " + connection + "]";
    }
}
