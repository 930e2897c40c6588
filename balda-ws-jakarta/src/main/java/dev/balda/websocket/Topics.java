package dev.balda.websocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Topic subscriptions of one application. A publish walks the topic's subscribers and hands the
 * shared payload to each socket's queue, which never blocks, so a slow subscriber delays nobody.
 */
final class Topics {
    private final ConcurrentHashMap<String, Set<BaldaSocket<?>>> subscribers = new ConcurrentHashMap<>();

    void subscribe(String topic, BaldaSocket<?> socket) {
        subscribers.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    void unsubscribe(String topic, BaldaSocket<?> socket) {
        subscribers.computeIfPresent(topic, (t, set) -> {
            set.remove(socket);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Sends to every subscriber but {@code except}; the immutable message is shared by their queues.
     *
     * @return how many sockets accepted the message (sent or queued)
     */
    int publish(String topic, Outgoing message, BaldaSocket<?> except) {
        Set<BaldaSocket<?>> set = subscribers.get(topic);
        if (set == null) {
            return 0;
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
}
