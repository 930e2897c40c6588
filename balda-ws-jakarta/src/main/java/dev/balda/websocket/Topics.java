package dev.balda.websocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Topic subscriptions of one application. A publish walks the topic's subscribers and hands the
 * shared payload to each socket's queue, which never blocks, so a slow subscriber delays nobody.
 *
 * <p>With a {@link TopicBus} (several nodes), a publish is delivered here first and then handed to
 * the bus, and the bus is told when a topic gains its first or loses its last subscriber; messages
 * from other nodes come back through {@link TopicBus.LocalTopics} and reach this node's subscribers
 * only. Without one, publishing costs nothing more than the loop over the subscribers, run by
 * more than one thread for a large topic ({@link FanOut}).
 */
final class Topics {
    private final ConcurrentHashMap<String, Set<BaldaSocket<?>>> subscribers = new ConcurrentHashMap<>();
    private final TopicBus.LocalTopics local = new Local();
    private final FanOut fanOut;
    private volatile TopicBus bus;

    Topics(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    /**
     * Installs the bus and starts it. Set once, before any socket subscribes (the application has
     * not started serving), so the bus has seen every topic that has subscribers.
     *
     * @throws IllegalStateException when a bus is already installed
     */
    synchronized void bus(TopicBus bus) {
        if (this.bus != null) {
            throw new IllegalStateException("A topic bus is already installed (" + this.bus
                    + "); an application has one");
        }
        bus.start(local);
        this.bus = bus;
    }

    void subscribe(String topic, BaldaSocket<?> socket) {
        TopicBus relay = bus;
        // Without a bus nothing more than the set's update (no flag, no call).
        boolean[] first = relay == null ? null : new boolean[1];
        subscribers.compute(topic, (t, set) -> {
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
            }
            if (set.add(socket) && first != null && set.size() == 1) {
                first[0] = true;
            }
            return set;
        });
        // Told once the change is visible, so a bus that reads subscriberCount sees it.
        if (first != null && first[0]) {
            relay.subscribed(topic);
        }
    }

    void unsubscribe(String topic, BaldaSocket<?> socket) {
        TopicBus relay = bus;
        boolean[] last = relay == null ? null : new boolean[1];
        subscribers.computeIfPresent(topic, (t, set) -> {
            if (set.remove(socket) && last != null && set.isEmpty()) {
                last[0] = true;
            }
            return set.isEmpty() ? null : set;
        });
        if (last != null && last[0]) {
            relay.unsubscribed(topic);
        }
    }

    /**
     * Sends to every subscriber but {@code except}, then hands the message to the bus for the
     * other nodes; the immutable message is shared by the subscribers' queues.
     *
     * @return how many sockets of this node accepted the message (sent or queued)
     */
    int publish(String topic, Outgoing message, BaldaSocket<?> except) {
        int reached = deliver(topic, message, except);
        TopicBus relay = bus;
        if (relay != null) {
            if (message instanceof Outgoing.Text text) {
                relay.published(topic, text.text());
            } else if (message instanceof Outgoing.Binary binary) {
                relay.published(topic, binary.bytes());
            }
        }
        return reached;
    }

    private int deliver(String topic, Outgoing message, BaldaSocket<?> except) {
        Set<BaldaSocket<?>> set = subscribers.get(topic);
        if (set == null) {
            return 0;
        }
        if (fanOut.parallel(set.size())) {
            return fanOut.deliver(set, message, except);
        }
        int reached = 0;
        for (BaldaSocket<?> socket : set) {
            if (socket != except && socket.send(message) != 0) {
                reached++;
            }
        }
        return reached;
    }

    int count(String topic) {
        Set<BaldaSocket<?>> set = subscribers.get(topic);
        return set == null ? 0 : set.size();
    }

    /** Stops the bus, if any, once the sockets are closed. */
    void stopBus() {
        TopicBus relay = bus;
        if (relay != null) {
            relay.stop();
        }
    }

    /** Messages from other nodes: this node's subscribers only, never back to the bus. */
    private final class Local implements TopicBus.LocalTopics {
        @Override
        public int deliver(String topic, String text) {
            return Topics.this.deliver(topic, Outgoing.Text.of(text), null);
        }

        @Override
        public int deliver(String topic, byte[] data) {
            return Topics.this.deliver(topic, new Outgoing.Binary(data), null);
        }

        @Override
        public int subscriberCount(String topic) {
            return count(topic);
        }
    }
}
