package dev.balda.redis;

import dev.balda.websocket.TopicBus;
import dev.balda.websocket.WebSockets;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket topics across the nodes of an application, through Redis publish/subscribe: the
 * {@link TopicBus} of {@code balda-redis}. One line turns it on:
 *
 * <pre>{@code
 * WebSockets.on(app).topics(RedisTopics.connect("redis://redis.internal:6379"));
 * }</pre>
 *
 * <p>A publish on a node reaches that node's subscribers at once and goes to Redis once, in a
 * frame that carries the node's id, the kind (text or binary) and the bytes as published; every
 * other node with subscribers to the topic delivers it to them, and the publishing node skips its
 * own. A node listens in Redis only to the topics it has subscribers for. Messages one node
 * publishes leave in the order they were published (one queue, one sender, one connection), and
 * Redis keeps that order to every listener. Delivery across nodes is at most once: what is
 * published while Redis is away, or while the outbound queue is full, is dropped and counted
 * ({@link #stats()}, and a warning at most every few seconds), never buffered for later. Nothing
 * here blocks the publishing thread, and a slow socket on one node slows no other node.
 *
 * <p>{@link #connect} makes a connection of its own, closed when the application stops;
 * {@link #on(RedisConnection)} shares one with the stores, and leaves closing it to its owner.
 */
public final class RedisTopics implements TopicBus {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTopics.class);

    /**
     * What the bus has done so far; every count starts at 0 when the bus is made.
     *
     * @param published messages published on this node and handed to the bus
     * @param sent of those, the ones Redis took
     * @param dropped of those, the ones dropped: queue full, Redis away, or no answer in time
     * @param received messages from other nodes delivered to this node's subscribers
     * @param connected whether both connections (commands, and publish/subscribe) are up now
     */
    public record Stats(long published, long sent, long dropped, long received, boolean connected) {
    }

    private final RedisConnection connection;
    private final boolean ownsConnection;
    private final byte[] node;
    private final String nodeId;
    private final String channelPrefix;
    private final byte[] prefixBytes;
    private final Publisher publisher;
    private final ChannelSubscriptions subscriptions;
    private final LongAdder published = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile TopicBus.LocalTopics local;
    private volatile boolean stopped;

    private RedisTopics(RedisConnection connection, boolean ownsConnection) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        UUID id = UUID.randomUUID();
        this.nodeId = id.toString();
        this.node = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        this.channelPrefix = connection.options().channelPrefix();
        this.prefixBytes = channelPrefix.getBytes(StandardCharsets.UTF_8);
        this.publisher = new Publisher(connection, "balda-redis-publish-" + nodeId.substring(0, 8));
        this.subscriptions = new ChannelSubscriptions(connection.executor(), this::channel);
    }

    /** A bus on a connection of its own to this Redis, with the defaults of {@link RedisOptions#of(String)}. */
    public static RedisTopics connect(String uri) {
        return connect(RedisOptions.of(uri));
    }

    /** A bus on a connection of its own, closed when the application stops. */
    public static RedisTopics connect(RedisOptions options) {
        return new RedisTopics(RedisConnection.open(options), true);
    }

    /** A bus on a shared connection, which its owner closes (after the application stopped). */
    public static RedisTopics on(RedisConnection connection) {
        return new RedisTopics(connection, false);
    }

    /** This bus's node id, random per bus: what its frames carry, so that it skips its own. */
    public String nodeId() {
        return nodeId;
    }

    /** The counts so far, and whether Redis is connected now. */
    public Stats stats() {
        return new Stats(published.sum(), publisher.sent(), publisher.dropped(), received.sum(),
                connection.isConnected() && subscriptions.isConnected());
    }

    // ------------------------------------------------------------------ TopicBus

    /**
     * Starts the sender and the publish/subscribe connection; called by
     * {@link WebSockets#topics(TopicBus)}. The application starts whether or not Redis is there.
     *
     * @throws IllegalStateException when this bus already serves an application
     */
    @Override
    public void start(TopicBus.LocalTopics local) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("This RedisTopics already serves an application; make one per application");
        }
        this.local = local;
        subscriptions.start(local);
        publisher.start();
        connection.connectPubSub(this::pubSubConnected);
    }

    @Override
    public void published(String topic, String text) {
        if (accepting()) {
            publisher.offer(channel(topic), TopicFrame.text(node, text));
        }
    }

    @Override
    public void published(String topic, byte[] data) {
        if (accepting()) {
            publisher.offer(channel(topic), TopicFrame.binary(node, data));
        }
    }

    /** Counts a publish; {@code false} (and counted as dropped) when it cannot go to Redis now. */
    private boolean accepting() {
        if (stopped) {
            return false;
        }
        published.increment();
        if (connection.isConnected()) {
            return true;
        }
        publisher.dropUnsent();
        return false;
    }

    @Override
    public void subscribed(String topic) {
        subscriptions.changed(topic);
    }

    @Override
    public void unsubscribed(String topic) {
        subscriptions.changed(topic);
    }

    /** Stops the sender and the publish/subscribe connection, and closes the connection if it is this bus's own. */
    @Override
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        publisher.stop();
        // An own connection's shutdown closes the publish/subscribe connection with the rest.
        subscriptions.stop(!ownsConnection);
        if (ownsConnection) {
            connection.close();
        }
    }

    @Override
    public String toString() {
        return "RedisTopics[node " + nodeId + " on " + connection + "]";
    }

    // ------------------------------------------------------------------ from Redis

    private byte[] channel(String topic) {
        return (channelPrefix + topic).getBytes(StandardCharsets.UTF_8);
    }

    private void pubSubConnected(StatefulRedisPubSubConnection<byte[], byte[]> pubSub) {
        if (stopped) {
            pubSub.closeAsync();
            return;
        }
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                fromRedis(channel, message);
            }
        });
        subscriptions.connected(pubSub);
    }

    /** On a Lettuce thread: local delivery only queues per socket, so it never holds the thread up. */
    private void fromRedis(byte[] channel, byte[] frame) {
        TopicBus.LocalTopics topics = local;
        if (stopped || !Arrays.equals(channel, 0, Math.min(prefixBytes.length, channel.length), prefixBytes, 0,
                prefixBytes.length)) {
            return;
        }
        if (!TopicFrame.readable(frame)) {
            LOG.debug("Ignored a message on {} that is no Balda topic frame ({} bytes)",
                    new String(channel, StandardCharsets.UTF_8), frame.length);
            return;
        }
        if (TopicFrame.from(frame, node)) {
            return;
        }
        String topic = new String(channel, prefixBytes.length, channel.length - prefixBytes.length, StandardCharsets.UTF_8);
        received.increment();
        try {
            if (TopicFrame.isText(frame)) {
                topics.deliver(topic, TopicFrame.textOf(frame));
            } else {
                topics.deliver(topic, TopicFrame.bytesOf(frame));
            }
        } catch (RuntimeException e) {
            LOG.warn("Delivering a message from another node to topic {} failed", topic, e);
        }
    }
}
