package dev.balda.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One socket's topics, kept in step with the application's {@link Topics}: a topic is joined
 * there when it is added here and left when removed, and {@link #leaveAll} takes the socket out of
 * every topic when it closes. A subscribe racing with the close cannot leave the closed socket in
 * a topic. The socket makes its {@code Subscriptions} on its first subscribe, and the set of topics
 * is made on the first add: most sockets of many applications have none.
 */
final class Subscriptions {
    private static final VarHandle TOPICS;

    static {
        try {
            TOPICS = MethodHandles.lookup().findVarHandle(Subscriptions.class, "topics", Set.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a socket that never subscribed holds once it closed: it has left, and joins nothing. */
    static final Subscriptions LEFT = new Subscriptions(null, null, true);

    private final Topics all;
    private final BaldaSocket<?> socket;
    private volatile Set<String> topics;
    private volatile boolean left;

    Subscriptions(Topics all, BaldaSocket<?> socket) {
        this(all, socket, false);
    }

    private Subscriptions(Topics all, BaldaSocket<?> socket, boolean left) {
        this.all = all;
        this.socket = socket;
        this.left = left;
    }

    /** Joins a topic; {@code false} if already joined or the socket has left them all. */
    boolean add(String topic) {
        if (left || !joined().add(topic)) {
            return false;
        }
        all.subscribe(topic, socket);
        if (left) {
            // leaveAll() may have walked the set before this topic was in it (or before the set existed).
            all.unsubscribe(topic, socket);
        }
        return true;
    }

    private Set<String> joined() {
        Set<String> current = topics;
        if (current == null) {
            TOPICS.compareAndSet(this, null, ConcurrentHashMap.newKeySet());
            current = topics;
        }
        return current;
    }

    boolean remove(String topic) {
        Set<String> current = topics;
        if (current == null || !current.remove(topic)) {
            return false;
        }
        all.unsubscribe(topic, socket);
        return true;
    }

    boolean contains(String topic) {
        Set<String> current = topics;
        return current != null && current.contains(topic);
    }

    Set<String> snapshot() {
        Set<String> current = topics;
        return current == null ? Set.of() : Set.copyOf(current);
    }

    /** The socket closed: it leaves every topic, and joins no more. */
    void leaveAll() {
        left = true;
        Set<String> current = topics;
        if (current != null) {
            for (String topic : current) {
                all.unsubscribe(topic, socket);
            }
        }
    }
}
