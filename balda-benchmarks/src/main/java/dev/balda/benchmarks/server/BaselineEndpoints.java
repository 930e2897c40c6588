package dev.balda.benchmarks.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The baseline's programmatic JSR-356 endpoints: a blocking echo (the plainest raw endpoint), and
 * a broadcast loop over a session set with asynchronous sends. The broadcast keeps one send in
 * flight per session, the least a correct JSR-356 application must do (Tomcat throws on a second
 * concurrent send).
 */
final class BaselineEndpoints {
    private static final Map<Session, OrderedSender> SUBSCRIBERS = new ConcurrentHashMap<>();

    private BaselineEndpoints() {
    }

    /** Echoes every text message with a blocking send. */
    public static final class Echo extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    session.getBasicRemote().sendText(text);
                } catch (IOException e) {
                    closeQuietly(session);
                }
            });
        }
    }

    /**
     * Echoes every text message without ever blocking on the peer: asynchronous sends, one in
     * flight, the rest queued in order. What Balda must do, and what Tomcat pays for with a
     * hand-over to its executor for every completed send.
     */
    public static final class AsyncEcho extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            OrderedSender sender = new OrderedSender(session);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) sender::send);
        }
    }

    /** Joins the broadcast set while open. */
    public static final class Subscriber extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            SUBSCRIBERS.put(session, new OrderedSender(session));
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            SUBSCRIBERS.remove(session);
        }

        @Override
        public void onError(Session session, Throwable error) {
            SUBSCRIBERS.remove(session);
        }
    }

    /** Broadcasts every text message it receives to the subscribers. */
    public static final class Publisher extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                for (OrderedSender sender : SUBSCRIBERS.values()) {
                    sender.send(text);
                }
            });
        }
    }

    /** Holds the connection and does nothing: the container's own cost per socket. */
    public static final class Idle extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            // Nothing: the endpoint instance and the container's session are all there is.
        }
    }

    /** At most one asynchronous send in flight; later messages wait in order. */
    static final class OrderedSender implements SendHandler {
        private final Session session;
        private final Queue<String> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean sending = new AtomicBoolean();

        OrderedSender(Session session) {
            this.session = session;
        }

        void send(String text) {
            queue.add(text);
            pump();
        }

        private void pump() {
            while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
                String next = queue.poll();
                if (next == null) {
                    sending.set(false);
                    continue;
                }
                try {
                    session.getAsyncRemote().sendText(next, this);
                } catch (RuntimeException e) {
                    SUBSCRIBERS.remove(session);
                    queue.clear();
                }
                return;
            }
        }

        @Override
        public void onResult(SendResult result) {
            sending.set(false);
            if (!result.isOK()) {
                SUBSCRIBERS.remove(session);
                queue.clear();
                return;
            }
            pump();
        }
    }

    private static void closeQuietly(Session session) {
        try {
            session.close();
        } catch (IOException ignored) {
            // The peer is gone; nothing to tell it.
        }
    }
}
