package dev.balda.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Balda's connection to one Redis server, shared by everything of an application that lives in
 * Redis: the topic bus ({@link RedisTopics#on(RedisConnection)}) and the stores
 * ({@link RedisRateLimitStore}, {@link RedisCacheStore}, {@link RedisSessionStore}). It is the one
 * place connections are set up: one Lettuce client with its threads, one command connection that
 * every component shares (Lettuce pipelines concurrent commands on it), and dedicated
 * publish/subscribe connections for the topic buses made on it.
 *
 * <p>Opening never fails because Redis is away: the connection is made in the background, and an
 * application whose Redis is not there at start logs one warning, runs as a single node, and
 * joins when Redis comes up. A connection lost later is re-established by itself. While there is
 * no connection, commands fail at once (nothing is buffered for later), so no request and no
 * WebSocket callback ever waits for Redis.
 *
 * <pre>{@code
 * RedisConnection redis = RedisConnection.open(RedisOptions.of("redis://redis.internal:6379"));
 * WebSockets.on(app).topics(RedisTopics.on(redis));
 * app.onStop(redis::close);
 * }</pre>
 */
public final class RedisConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(20);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final RedisOptions options;
    private final ClientResources resources;
    private final RedisClient client;
    private final Delay retryDelay;
    private final AtomicBoolean warnedUnreachable = new AtomicBoolean();
    private volatile StatefulRedisConnection<byte[], byte[]> commands;
    private volatile boolean closed;

    private RedisConnection(RedisOptions options) {
        this.options = options;
        this.retryDelay = Delay.exponential(FIRST_RETRY, options.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS);
        this.resources = DefaultClientResources.builder().reconnectDelay(retryDelay).build();
        this.client = RedisClient.create(resources, options.redisUri());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Commands fail at once while disconnected, and commands in flight when the
                // connection drops fail rather than being sent again: nothing waits for Redis,
                // and a publish is never delivered twice.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(options.maxPendingCommands())
                .socketOptions(SocketOptions.builder().connectTimeout(options.connectTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .build());
    }

    /** Opens a connection with the defaults of {@link RedisOptions#of(String)}. */
    public static RedisConnection open(String uri) {
        return open(RedisOptions.of(uri));
    }

    /** Starts connecting in the background and returns at once, whether or not Redis is there. */
    public static RedisConnection open(RedisOptions options) {
        RedisConnection connection = new RedisConnection(options);
        connection.connectInBackground("commands", () -> connection.client.connectAsync(ByteArrayCodec.INSTANCE,
                options.redisUri()), connection::commandsConnected, 0);
        return connection;
    }

    public RedisOptions options() {
        return options;
    }

    /** Whether the shared command connection is up now. */
    public boolean isConnected() {
        StatefulRedisConnection<byte[], byte[]> current = commands;
        return current != null && current.isOpen();
    }

    /** The shared command connection, or {@code null} until it has been made once. Never block on it. */
    StatefulRedisConnection<byte[], byte[]> commands() {
        return commands;
    }

    /**
     * Sends one command on the shared command connection and returns its answer's stage, which
     * the command timeout bounds. Never throws and never waits: without a connection (not made
     * yet, closed, or lost: commands are rejected while disconnected) the stage has failed already.
     * The stage completes on a Lettuce thread, so what follows it must not block.
     */
    <T> CompletableFuture<T> call(Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
        StatefulRedisConnection<byte[], byte[]> current = commands;
        if (current == null || closed) {
            return CompletableFuture.failedFuture(new RedisConnectionException("Not connected to Redis at "
                    + options.describe() + (closed ? ": the connection is closed" : " yet")));
        }
        try {
            return command.apply(current.async()).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A serial executor on the client's threads, for work that must not run on a caller's thread. */
    EventExecutor executor() {
        return resources.eventExecutorGroup().next();
    }

    private void commandsConnected(StatefulRedisConnection<byte[], byte[]> connection) {
        connection.addListener(new RedisConnectionStateListener() {
            private final AtomicBoolean lost = new AtomicBoolean();

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (!closed && lost.compareAndSet(false, true)) {
                    LOG.warn("Lost the connection to Redis at {}: nodes are on their own (cross-node messages are "
                            + "dropped and counted, the Redis stores fail) until it is back; reconnecting",
                            options.describe());
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (lost.compareAndSet(true, false)) {
                    LOG.info("Reconnected to Redis at {}", options.describe());
                }
            }
        });
        commands = connection;
    }

    /**
     * Makes a dedicated publish/subscribe connection in the background, retrying until it is made
     * or this connection is closed; {@code connected} gets it, on a Lettuce thread.
     */
    void connectPubSub(Consumer<StatefulRedisPubSubConnection<byte[], byte[]>> connected) {
        connectInBackground("publish/subscribe", () -> client.connectPubSubAsync(ByteArrayCodec.INSTANCE,
                options.redisUri()), connected, 0);
    }

    /**
     * One attempt, and the next one after a back-off when it fails. The first failure of this
     * connection is a warning; later ones are DEBUG, so a Redis that stays away does not fill the log.
     */
    private <C extends StatefulConnection<byte[], byte[]>> void connectInBackground(String what,
            Supplier<ConnectionFuture<C>> connect, Consumer<C> connected, int attempt) {
        if (closed) {
            return;
        }
        ConnectionFuture<C> future;
        try {
            future = connect.get();
        } catch (RuntimeException e) {
            retry(what, connect, connected, attempt, e);
            return;
        }
        future.whenComplete((connection, error) -> {
            if (error != null) {
                retry(what, connect, connected, attempt, error);
            } else if (closed) {
                connection.closeAsync();
            } else {
                LOG.info("Connected to Redis at {} ({} connection)", options.describe(), what);
                connected.accept(connection);
            }
        });
    }

    private <C extends StatefulConnection<byte[], byte[]>> void retry(String what, Supplier<ConnectionFuture<C>> connect,
            Consumer<C> connected, int attempt, Throwable error) {
        if (closed) {
            return;
        }
        if (warnedUnreachable.compareAndSet(false, true)) {
            LOG.warn("Redis at {} is not reachable ({}): running as a single node, and connecting when it comes up",
                    options.describe(), rootMessage(error));
        } else {
            LOG.debug("Redis at {} still not reachable for the {} connection: {}", options.describe(), what,
                    rootMessage(error));
        }
        Duration wait = retryDelay.createDelay(attempt + 1L);
        try {
            resources.eventExecutorGroup().schedule(() -> connectInBackground(what, connect, connected, attempt + 1),
                    wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException shuttingDown) {
            LOG.debug("No retry: the Redis client is shutting down");
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    /**
     * Closes the connections and stops the client's threads, waiting at most a few seconds. The
     * components on this connection stop working; close it after them (when the application stops).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Closes every connection the client made.
        client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
        // The threads end before close returns: a container that stops the application checks
        // that it left none behind.
        try {
            resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(SHUTDOWN_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The Redis client's threads did not stop within {}: {}", SHUTDOWN_TIMEOUT, e.toString());
        }
    }

    @Override
    public String toString() {
        return "RedisConnection[" + options.describe() + (isConnected() ? ", connected" : ", not connected") + "]";
    }
}
