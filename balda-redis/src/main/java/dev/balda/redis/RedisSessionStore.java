package dev.balda.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.plugin.session.SessionPlugin;
import dev.balda.plugin.session.SessionStore;
import io.lettuce.core.SetArgs;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionStore} in Redis, shared by every node of an application: a session made on one
 * node is read and changed on the others.
 *
 * <pre>{@code
 * app.use(CookiePlugin.defaults(), SessionPlugin.builder().store(RedisSessionStore.on(redis)).build());
 * }</pre>
 *
 * <p>A session is one Redis string, {@code keyPrefix + "session:" + id}, holding its values as a
 * JSON object, written with {@code SET ... PX ttl}, so Redis forgets it {@code ttl} after its last
 * save, as the in-memory store does; no sweep is needed and Redis bounds the number of sessions
 * (set {@code maxmemory} with a {@code volatile-*} or {@code allkeys-*} policy for a hard bound).
 * Values must survive JSON: strings, numbers, booleans, {@code null}, lists and maps with string
 * keys of those; a whole number reads back as an {@code Integer} (or {@code Long} when larger), a
 * fraction as a {@code Double}. Saving anything else, or a session whose JSON is larger than
 * {@code maxSessionSize} (64 KiB), fails the save, which the {@link SessionPlugin} answers 503:
 * a write that did not happen is never reported as done.
 *
 * <p>Every call is one command on the shared {@link RedisConnection}, answered within its
 * {@code commandTimeout} and failing at once while Redis is away (the plugin answers 503); none
 * blocks the calling thread. A value that is not a session's JSON (written by something else) is
 * read as no session.
 */
public final class RedisSessionStore implements SessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final RedisConnection connection;
    private final String namespace;
    private final int maxSessionSize;
    private final AtomicBoolean warnedTooLarge = new AtomicBoolean();

    private RedisSessionStore(RedisConnection connection, int maxSessionSize) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.namespace = connection.options().keyPrefix() + "session:";
        this.maxSessionSize = maxSessionSize;
    }

    /** A store on this shared connection (closed by its owner, after the application stopped), with the defaults. */
    public static RedisSessionStore on(RedisConnection connection) {
        return builder(connection).build();
    }

    public static Builder builder(RedisConnection connection) {
        return new Builder(connection);
    }

    /** The largest session (its JSON, in bytes) that is saved. */
    public int maxSessionSize() {
        return maxSessionSize;
    }

    @Override
    public CompletionStage<Map<String, Object>> load(String id) {
        return connection.<byte[]>call(c -> c.get(redisKey(id))).thenApply(value -> {
            if (value == null) {
                return null;
            }
            try {
                return JSON.readValue(value, MAP);
            } catch (IOException unreadable) {
                LOG.debug("Session {} in Redis is not a session's JSON; read as no session: {}", redisKeyOf(id),
                        unreadable.toString());
                return null;
            }
        });
    }

    @Override
    public CompletionStage<Void> save(String id, Map<String, Object> data, Duration ttl) {
        byte[] value;
        try {
            check("", data);
            value = JSON.writeValueAsBytes(data);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (value.length > maxSessionSize) {
            if (warnedTooLarge.compareAndSet(false, true)) {
                LOG.warn("A session of {} bytes was not saved in Redis: larger than maxSessionSize ({} bytes); keep less in "
                        + "sessions or raise RedisSessionStore's maxSessionSize (logged once; then at DEBUG)",
                        value.length, maxSessionSize);
            } else {
                LOG.debug("Session of {} bytes not saved: larger than maxSessionSize", value.length);
            }
            return CompletableFuture.failedFuture(new IllegalArgumentException("The session's data is " + value.length
                    + " bytes, more than RedisSessionStore's maxSessionSize (" + maxSessionSize + ")"));
        }
        SetArgs expiry = SetArgs.Builder.px(Math.max(1, ttl.toMillis()));
        return connection.<String>call(c -> c.set(redisKey(id), value, expiry)).thenApply(ok -> null);
    }

    @Override
    public CompletionStage<Void> delete(String id) {
        return connection.<Long>call(c -> c.del(redisKey(id))).thenApply(deleted -> null);
    }

    /** Refuses what would not come back from JSON as it went in, naming where it is. */
    private static void check(String path, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Short || value instanceof Byte || value instanceof Double
                || value instanceof Float || value instanceof BigInteger || value instanceof BigDecimal) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("A Redis session keeps maps with string keys only; " + where(path)
                            + " has the key " + entry.getKey());
                }
                check(path.isEmpty() ? key : path + "." + key, entry.getValue());
            }
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                check(path + "[" + i++ + "]", item);
            }
            return;
        }
        throw new IllegalArgumentException("A Redis session keeps strings, numbers, booleans, lists and maps; "
                + where(path) + " is a " + value.getClass().getName());
    }

    private static String where(String path) {
        return path.isEmpty() ? "the session" : "'" + path + "'";
    }

    /** The Redis key a session id is kept under. */
    String redisKeyOf(String id) {
        return namespace + id;
    }

    private byte[] redisKey(String id) {
        return redisKeyOf(id).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RedisSessionStore[" + namespace + "* on " + connection + "]";
    }

    /** Builds a {@link RedisSessionStore}; {@link #build()} checks the values. */
    public static final class Builder {
        private final RedisConnection connection;
        private int maxSessionSize = 64 * 1024;

        private Builder(RedisConnection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /** The largest session saved, as JSON (64 KiB); a larger one fails its save (503). */
        public Builder maxSessionSize(int bytes) {
            this.maxSessionSize = bytes;
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public RedisSessionStore build() {
            if (maxSessionSize < 2) {
                throw new IllegalArgumentException("maxSessionSize must be at least 2 bytes (an empty session is {}), not "
                        + maxSessionSize);
            }
            return new RedisSessionStore(connection, maxSessionSize);
        }
    }
}
