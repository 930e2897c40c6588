package dev.balda.redis;

import dev.balda.websocket.TopicBus;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which topics' Redis channels a node listens to: exactly those with at least one local
 * subscriber. Plain {@code SUBSCRIBE}s, one channel per topic, rather than one pattern for all:
 * Redis then sends a node only the topics it has subscribers for, and finds a channel's listeners
 * with one lookup instead of matching every publish against every node's pattern.
 *
 * <p>The WebSocket module reports a topic's first and last local subscriber; this class only
 * notes the topic and reconciles on one serial executor, where it reads the current count and
 * subscribes or unsubscribes as needed, so it never blocks the reporting thread and never acts on
 * a stale report. After every (re)connection it subscribes every topic that has local
 * subscribers again (Lettuce does too; Redis ignores a repeated subscribe), and unsubscribes the
 * topics whose unsubscribe failed while Redis was away.
 */
final class ChannelSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelSubscriptions.class);

    private final EventExecutor executor;
    private final Function<String, byte[]> channelOf;
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile TopicBus.LocalTopics local;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> connection;
    private volatile boolean stopped;
    // Only touched on the executor:
    private final Set<String> wanted = new HashSet<>();
    private final Set<String> stale = new HashSet<>();

    ChannelSubscriptions(EventExecutor executor, Function<String, byte[]> channelOf) {
        this.executor = executor;
        this.channelOf = channelOf;
    }

    void start(TopicBus.LocalTopics local) {
        this.local = local;
    }

    /** A topic gained its first or lost its last local subscriber. Returns at once. */
    void changed(String topic) {
        changed.add(topic);
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::reconcile);
        }
    }

    /** The publish/subscribe connection is made: listen to what has subscribers, and after every reconnection. */
    void connected(StatefulRedisPubSubConnection<byte[], byte[]> made) {
        made.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                executor.execute(ChannelSubscriptions.this::resubscribe);
            }
        });
        executor.execute(() -> {
            connection = made;
            resubscribe();
        });
    }

    boolean isConnected() {
        StatefulRedisPubSubConnection<byte[], byte[]> current = connection;
        return current != null && current.isOpen();
    }

    /** Subscribes and unsubscribes nothing more; closes the connection unless its client is shut down anyway. */
    void stop(boolean closeConnection) {
        stopped = true;
        StatefulRedisPubSubConnection<byte[], byte[]> current = connection;
        if (current != null && closeConnection) {
            current.closeAsync();
        }
    }

    private void reconcile() {
        scheduled.set(false);
        TopicBus.LocalTopics topics = local;
        List<String> subscribe = new ArrayList<>();
        List<String> unsubscribe = new ArrayList<>();
        for (Iterator<String> it = changed.iterator(); it.hasNext(); ) {
            String topic = it.next();
            it.remove();
            if (topics.subscriberCount(topic) > 0) {
                if (wanted.add(topic)) {
                    stale.remove(topic);
                    subscribe.add(topic);
                }
            } else if (wanted.remove(topic)) {
                unsubscribe.add(topic);
            }
        }
        send(subscribe, unsubscribe);
    }

    private void resubscribe() {
        List<String> unsubscribe = new ArrayList<>(stale);
        stale.clear();
        send(new ArrayList<>(wanted), unsubscribe);
    }

    private void send(List<String> subscribe, List<String> unsubscribe) {
        StatefulRedisPubSubConnection<byte[], byte[]> current = connection;
        if (current == null || stopped) {
            // Not connected yet: connected() subscribes what is wanted then.
            return;
        }
        if (!subscribe.isEmpty()) {
            current.async().subscribe(channels(subscribe)).whenComplete((ok, error) -> {
                if (error != null) {
                    // Lost with the connection: the next connection subscribes what is wanted.
                    LOG.debug("SUBSCRIBE of {} topic(s) failed: {}", subscribe.size(), error.toString());
                }
            });
        }
        if (!unsubscribe.isEmpty()) {
            current.async().unsubscribe(channels(unsubscribe)).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.debug("UNSUBSCRIBE of {} topic(s) failed: {}", unsubscribe.size(), error.toString());
                    executor.execute(() -> {
                        for (String topic : unsubscribe) {
                            if (!wanted.contains(topic)) {
                                stale.add(topic);
                            }
                        }
                    });
                }
            });
        }
    }

    private byte[][] channels(List<String> topics) {
        byte[][] channels = new byte[topics.size()][];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = channelOf.apply(topics.get(i));
        }
        return channels;
    }
}
