package dev.balda.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Objects;

/**
 * How Balda connects to Redis, and the bounds of what it keeps while Redis is slow or away:
 * immutable, built with {@link #builder()} (or {@link #of(String)} for the defaults) and checked
 * when built, with a message naming the option to change. One {@link RedisConnection} is made from
 * one set of options, and every Balda component on that connection (the topic bus, the stores)
 * shares them.
 *
 * <pre>{@code
 * RedisOptions options = RedisOptions.builder()
 *         .uri("redis://redis.internal:6379/0")
 *         .commandTimeout(Duration.ofSeconds(1))
 *         .maxQueuedMessages(50_000)
 *         .build();
 * }</pre>
 */
public final class RedisOptions {
    private final String uri;
    private final RedisURI redisUri;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final Duration maxReconnectDelay;
    private final int maxPendingCommands;
    private final int maxQueuedMessages;
    private final long maxQueuedBytes;
    private final int maxBatch;
    private final String channelPrefix;
    private final String keyPrefix;

    private RedisOptions(Builder b) {
        this.uri = b.uri;
        this.redisUri = b.redisUri;
        this.connectTimeout = b.connectTimeout;
        this.commandTimeout = b.commandTimeout;
        this.maxReconnectDelay = b.maxReconnectDelay;
        this.maxPendingCommands = b.maxPendingCommands;
        this.maxQueuedMessages = b.maxQueuedMessages;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.maxBatch = b.maxBatch;
        this.channelPrefix = b.channelPrefix;
        this.keyPrefix = b.keyPrefix;
    }

    /** The defaults for one Redis server, such as {@code redis://127.0.0.1:6379}. */
    public static RedisOptions of(String uri) {
        return builder().uri(uri).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Redis URI as given: {@code redis://[user:password@]host[:port][/database]}, {@code rediss://} for TLS. */
    public String uri() {
        return uri;
    }

    RedisURI redisUri() {
        return redisUri;
    }

    /** Host, port and database, for log lines: never the password. */
    String describe() {
        return redisUri.getHost() + ":" + redisUri.getPort() + (redisUri.getDatabase() == 0 ? "" : "/" + redisUri.getDatabase());
    }

    /** How long one connection attempt may take. Default 2 s. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long a command (a batch of publishes, a store's read or write) waits for Redis's answer before it fails. Default 2 s. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /**
     * The longest wait between two attempts to reach Redis, at start or after the connection was
     * lost; attempts start a few milliseconds apart and back off to this. Default 1 s: a Redis
     * that comes back is in use again within about a second.
     */
    public Duration maxReconnectDelay() {
        return maxReconnectDelay;
    }

    /** Commands sent and not yet answered, per connection; past it a command fails at once. Default 10,000. */
    public int maxPendingCommands() {
        return maxPendingCommands;
    }

    /** Published messages waiting for the topic bus's sender; past it a publish is dropped (counted). Default 10,000. */
    public int maxQueuedMessages() {
        return maxQueuedMessages;
    }

    /** Bytes of published messages waiting for the sender; past it a publish is dropped (counted). Default 16 MiB. */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** The most publishes the sender writes to Redis in one go (one flush, answers awaited together). Default 512. */
    public int maxBatch() {
        return maxBatch;
    }

    /**
     * What every topic's Redis channel name starts with; nodes of one application share it, and
     * applications sharing one Redis keep their topics apart with different prefixes. Default
     * {@code balda:topic:}.
     */
    public String channelPrefix() {
        return channelPrefix;
    }

    /**
     * What every key of the Redis stores (rate limits, sessions, cached responses) starts with;
     * nodes of one application share it, and applications sharing one Redis keep their data apart
     * with different prefixes. Default {@code balda:}.
     */
    public String keyPrefix() {
        return keyPrefix;
    }

    @Override
    public String toString() {
        return "RedisOptions[" + describe() + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout
                + ", maxReconnectDelay=" + maxReconnectDelay + ", maxPendingCommands=" + maxPendingCommands
                + ", maxQueuedMessages=" + maxQueuedMessages + ", maxQueuedBytes=" + maxQueuedBytes
                + ", maxBatch=" + maxBatch + ", channelPrefix=" + channelPrefix + ", keyPrefix=" + keyPrefix + "]";
    }

    /** Builds {@link RedisOptions}; {@link #build()} checks every value. */
    public static final class Builder {
        private String uri;
        private RedisURI redisUri;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration commandTimeout = Duration.ofSeconds(2);
        private Duration maxReconnectDelay = Duration.ofSeconds(1);
        private int maxPendingCommands = 10_000;
        private int maxQueuedMessages = 10_000;
        private long maxQueuedBytes = 16L * 1024 * 1024;
        private int maxBatch = 512;
        private String channelPrefix = "balda:topic:";
        private String keyPrefix = "balda:";

        private Builder() {
        }

        /** Required: {@code redis://host:6379}, with {@code user:password@} and {@code /database} as needed. */
        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        public Builder maxReconnectDelay(Duration delay) {
            this.maxReconnectDelay = delay;
            return this;
        }

        public Builder maxPendingCommands(int commands) {
            this.maxPendingCommands = commands;
            return this;
        }

        public Builder maxQueuedMessages(int messages) {
            this.maxQueuedMessages = messages;
            return this;
        }

        public Builder maxQueuedBytes(long bytes) {
            this.maxQueuedBytes = bytes;
            return this;
        }

        public Builder maxBatch(int messages) {
            this.maxBatch = messages;
            return this;
        }

        public Builder channelPrefix(String prefix) {
            this.channelPrefix = prefix;
            return this;
        }

        public Builder keyPrefix(String prefix) {
            this.keyPrefix = prefix;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the option, when a value is missing or out of range
         */
        public RedisOptions build() {
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException("uri: give the Redis server's URI, such as redis://127.0.0.1:6379");
            }
            try {
                redisUri = RedisURI.create(uri.strip());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("uri: '" + uri + "' is not a Redis URI; write redis://host:port[/database]"
                        + " (rediss:// for TLS): " + e.getMessage(), e);
            }
            if (redisUri.getHost() == null || redisUri.getHost().isEmpty()) {
                throw new IllegalArgumentException("uri: '" + uri + "' names no host; write redis://host:port[/database]");
            }
            positive("connectTimeout", connectTimeout);
            positive("commandTimeout", commandTimeout);
            positive("maxReconnectDelay", maxReconnectDelay);
            atLeastOne("maxPendingCommands", maxPendingCommands);
            atLeastOne("maxQueuedMessages", maxQueuedMessages);
            if (maxQueuedBytes < 1) {
                throw new IllegalArgumentException("maxQueuedBytes must be at least 1, not " + maxQueuedBytes);
            }
            atLeastOne("maxBatch", maxBatch);
            if (maxBatch > maxPendingCommands) {
                throw new IllegalArgumentException("maxBatch (" + maxBatch + ") must not exceed maxPendingCommands ("
                        + maxPendingCommands + "): a batch would fail whole");
            }
            Objects.requireNonNull(channelPrefix, "channelPrefix: give a prefix such as \"balda:topic:\"");
            Objects.requireNonNull(keyPrefix, "keyPrefix: give a prefix such as \"balda:\"");
            return new RedisOptions(this);
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
            }
        }

        private static void atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, not " + value);
            }
        }
    }
}
