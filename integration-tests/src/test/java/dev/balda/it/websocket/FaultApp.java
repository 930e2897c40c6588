package dev.balda.it.websocket;

import dev.balda.Balda;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSocketOptions;
import dev.balda.websocket.WebSockets;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application of the fault suite: peers that stop reading, vanish, or subscribe and fall
 * behind. Every handler records into the {@link Probe}; sockets are remembered only weakly, so a
 * test can check that nothing keeps a closed socket alive.
 */
final class FaultApp {
    static final Duration STREAM_IDLE = Duration.ofSeconds(2);
    static final int STREAM_MESSAGE = 16 * 1024;
    static final long STREAM_LIMIT = 256 * 1024;
    static final long FEED_LIMIT = 256 * 1024;
    static final int FEED_MESSAGE = 16 * 1024;

    final Probe probe = new Probe();
    final Balda app = Balda.create();
    final WebSockets ws = WebSockets.on(app);
    final List<WeakReference<WebSocket<?>>> opened = new CopyOnWriteArrayList<>();
    final Map<String, WebSocket<?>> slow = new ConcurrentHashMap<>();
    final AtomicReference<WebSocket<?>> streaming = new AtomicReference<>();
    final AtomicInteger roomCloses = new AtomicInteger();
    final AtomicLong maxSlowBuffered = new AtomicLong();

    FaultApp() {
        ws.route("/ws/echo", recording("/ws/echo", new WebSocketHandler<Void>() {
            @Override
            public void message(WebSocket<Void> socket, WebSocketMessage message) {
                socket.send("Echo: " + message.text());
            }
        }));

        // Streams to a client until it stops reading; an idle timeout short enough for a test.
        ws.route("/ws/stream", WebSocketOptions.builder().idleTimeout(STREAM_IDLE).sendPings(true)
                .backpressureLimit(STREAM_LIMIT).build(), recording("/ws/stream", new Stream()));
        // A chat room without idle timeout: only Balda's own failure handling can clean up dead members.
        ws.route("/ws/room", WebSocketOptions.builder().idleTimeout(Duration.ZERO).build(),
                recording("/ws/room", new WebSocketHandler<Void>() {
                    @Override
                    public void open(WebSocket<Void> socket) {
                        socket.subscribe("room");
                        socket.publish("room", "joined " + socket.id());
                    }

                    @Override
                    public void close(WebSocket<Void> socket, int code, String reason) {
                        roomCloses.incrementAndGet();
                        ws.publish("room", "left " + socket.id());
                    }
                }));

        // Subscribers of a feed; ?slow=1 marks the one the test will stop reading.
        ws.route("/ws/feed", WebSocketOptions.builder().backpressureLimit(FEED_LIMIT).build(),
                recording("/ws/feed", new Feed("feed")));
        ws.route("/ws/feed-strict", WebSocketOptions.builder().backpressureLimit(FEED_LIMIT)
                .closeOnBackpressureLimit(true).build(), recording("/ws/feed-strict", new Feed("feed-strict")));
    }

    /** The explicit {@code ws.ping()} of the stall test, on the socket being streamed to. */
    boolean pingTheStreamedSocket() {
        WebSocket<?> socket = streaming.get();
        return socket != null && socket.ping("mid-stream".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Publishes numbered messages {@code from}, {@code from + 1}, ... to a topic, noting the largest
     * queue of a slow subscriber.
     *
     * @return how many sockets took each message
     */
    int[] publish(String topic, int from, int count) {
        String filler = "f".repeat(FEED_MESSAGE - 16);
        int[] reached = new int[count];
        for (int i = 0; i < count; i++) {
            reached[i] = ws.publish(topic, String.format("%08d:", from + i) + filler);
            for (WebSocket<?> socket : slow.values()) {
                maxSlowBuffered.accumulateAndGet(socket.bufferedAmount(), Math::max);
            }
        }
        return reached;
    }

    /** Sends numbered messages until the queue refuses one, and again on every drain. */
    final class Stream implements WebSocketHandler<Void> {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public void message(WebSocket<Void> socket, WebSocketMessage message) {
            streaming.set(socket);
            pump(socket);
        }

        @Override
        public void drain(WebSocket<Void> socket) {
            pump(socket);
        }

        private void pump(WebSocket<Void> socket) {
            String filler = "s".repeat(STREAM_MESSAGE - 16);
            int status;
            do {
                status = socket.send(String.format("%08d:", next.getAndIncrement()) + filler);
            } while (status != 0 && socket.readyState() == dev.balda.websocket.ReadyState.OPEN);
            probe.record("stream full");
        }

        @Override
        public void close(WebSocket<Void> socket, int code, String reason) {
            streaming.compareAndSet(socket, null);
        }
    }

    /** Joins a topic; a slow subscriber is remembered so the publisher can watch its queue. */
    final class Feed implements WebSocketHandler<Void> {
        private final String topic;

        Feed(String topic) {
            this.topic = topic;
        }

        @Override
        public void open(WebSocket<Void> socket) {
            socket.subscribe(topic);
            if ("1".equals(socket.request().query("slow"))) {
                slow.put(socket.id(), socket);
            }
        }

        @Override
        public void close(WebSocket<Void> socket, int code, String reason) {
            slow.remove(socket.id());
        }
    }

    private <T> WebSocketHandler<T> recording(String route, WebSocketHandler<T> inner) {
        return probe.recording(route, inner, socket -> opened.add(new WeakReference<>(socket)));
    }
}
