package dev.balda.websocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One socket's topics, kept in step with the application's {@link Topics}: a topic is joined
 * there when it is added here and left when removed, and {@link #leaveAll} takes the socket out of
 * every topic when it closes. A subscribe racing with the close cannot leave the closed socket in
 * a topic.
 */
final class Subscriptions {
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final Topics all;
    private final BaldaSocket<?> socket;
    private volatile boolean left;

    Subscriptions(Topics all, BaldaSocket<?> socket) {
        this.all = all;
        this.socket = socket;
    }

    /** Joins a topic; {@code false} if already joined or the socket has left them all. */
    boolean add(String topic) {
        if (left || !topics.add(topic)) {
            return false;
        }
        all.subscribe(topic, socket);
        if (left) {
            // leaveAll() may have walked the set before this topic was in it.
            all.unsubscribe(topic, socket);
        }
        return true;
    }

    boolean remove(String topic) {
        if (!topics.remove(topic)) {
            return false;
        }
        all.unsubscribe(topic, socket);
        return true;
    }

    boolean contains(String topic) {
        return topics.contains(topic);
    }

    Set<String> snapshot() {
        return Set.copyOf(topics);
    }

    /** The socket closed: it leaves every topic, and joins no more. */
    void leaveAll() {
        left = true;
        for (String topic : topics) {
            all.unsubscribe(topic, socket);
        }
    }
}
