package dev.balda.it.websocket;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.websocket.Upgrade;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSocketOptions;
import dev.balda.websocket.WebSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application of the WebSocket conformance suite: one route per behaviour, each recording what
 * its handlers see into the {@link Probe}.
 */
final class WsSuiteApp {
    static final int FLOOD_MESSAGE = 64 * 1024;
    static final long FLOOD_LIMIT = 1024 * 1024;
    /**
     * Pings start after half of it, so the client's pong has the other half to arrive: 2 s of
     * margin, not 1, as a loaded 2-core machine can hold the test client's thread for a second.
     */
    static final Duration PING_IDLE = Duration.ofSeconds(4);

    record Info(Object global, Object routeMiddleware, String name) {
    }

    final Probe probe = new Probe();
    final Balda app = Balda.create();
    final WebSockets ws = WebSockets.on(app);

    WsSuiteApp() {
        app.use((req, res, next) -> {
            req.attribute("global", "ran");
            next.run();
        });
        app.get("/http-only", (req, res) -> "plain http");
        app.post("/publish/:room", (req, res) -> Map.of(
                "reached", ws.publish("room:" + req.param("room"), req.bodyText()),
                "subscribers", ws.subscriberCount("room:" + req.param("room"))));

        ws.route("/ws/echo", recording("/ws/echo", new Echo()));

        ws.route("/ws/info/:room",
                RouteOptions.of((req, res, next) -> {
                    req.attribute("route", "ran");
                    next.run();
                }),
                WebSocketOptions.builder().subprotocols("chat.v2", "chat.v1").build(),
                req -> Upgrade.accept(new Info(req.attribute("global"), req.attribute("route"), req.query("name"))),
                recording("/ws/info", new WebSocketHandler<Info>() {
                    @Override
                    public void open(WebSocket<Info> socket) {
                        Map<String, Object> info = new LinkedHashMap<>();
                        info.put("room", socket.request().param("room"));
                        info.put("name", socket.request().query("name"));
                        info.put("header", socket.request().header("x-test"));
                        info.put("subprotocol", socket.request().subprotocol());
                        info.put("global", socket.data().global());
                        info.put("route", socket.data().routeMiddleware());
                        info.put("dataName", socket.data().name());
                        info.put("path", socket.request().path());
                        info.put("state", socket.readyState().name());
                        socket.send(json(info));
                    }
                }));

        ws.route("/ws/auth", WebSocketOptions.defaults(),
                req -> "good".equals(req.query("token"))
                        ? Upgrade.accept(req.query("name"))
                        : Upgrade.refuse(401, Map.of("code", "UNAUTHORIZED", "message", "login first")),
                recording("/ws/auth", new WebSocketHandler<String>() {
                    @Override
                    public void open(WebSocket<String> socket) {
                        socket.send("hello " + socket.data());
                    }
                }));

        ws.route("/ws/origin", WebSocketOptions.builder().allowedOrigins("http://allowed.example").build(),
                recording("/ws/origin", new Echo()));

        ws.route("/ws/flood", WebSocketOptions.builder().backpressureLimit(FLOOD_LIMIT).build(),
                recording("/ws/flood", new Flood()));
        ws.route("/ws/strict",
                WebSocketOptions.builder().backpressureLimit(FLOOD_LIMIT).closeOnBackpressureLimit(true).build(),
                recording("/ws/strict", new Flood()));

        ws.route("/ws/ordered", recording("/ws/ordered", new Ordered()));

        ws.route("/ws/topic/:room", recording("/ws/topic", new Room()));
        ws.route("/ws/topic-self/:room", WebSocketOptions.builder().publishToSelf(true).build(),
                recording("/ws/topic-self", new Room()));

        ws.route("/ws/deflate", WebSocketOptions.builder().perMessageDeflate(true).build(),
                recording("/ws/deflate", new Echo()));

        ws.route("/ws/limited", WebSocketOptions.builder().maxPayloadLength(1024).build(),
                recording("/ws/limited", new Echo()));

        ws.route("/ws/idle", WebSocketOptions.builder().idleTimeout(Duration.ofSeconds(1)).sendPings(false).build(),
                recording("/ws/idle", new Echo()));
        // Pings start at half the idle timeout, so a live client has half of it to answer: 1 s, to
        // stay clear of the scheduling delays of a machine whose cores are all busy.
        ws.route("/ws/idle-pings", WebSocketOptions.builder().idleTimeout(PING_IDLE).sendPings(true).build(),
                recording("/ws/idle-pings", new Echo()));
    }

    static String json(Map<String, Object> map) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(map);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> WebSocketHandler<T> recording(String route, WebSocketHandler<T> inner) {
        return probe.recording(route, inner, socket -> { });
    }

    /** The echo of the seed's example, plus commands for the close and failure tests. */
    static final class Echo implements WebSocketHandler<Void> {
        @Override
        public void open(WebSocket<Void> socket) {
            socket.send("Hello from server");
        }

        @Override
        public void message(WebSocket<Void> socket, WebSocketMessage message) {
            if (message.isBinary()) {
                socket.send(message.bytes());
                return;
            }
            switch (message.text()) {
                case "close-me" -> socket.close(4001, "server says bye");
                case "throw" -> throw new IllegalStateException("handler failed on purpose");
                case "terminate" -> socket.terminate();
                default -> socket.send("Echo: " + message.text());
            }
        }
    }

    /** Sends 64 KiB messages, numbered, until the queue refuses one; reports the statuses seen. */
    final class Flood implements WebSocketHandler<Void> {
        @Override
        public void message(WebSocket<Void> socket, WebSocketMessage message) {
            String filler = "x".repeat(FLOOD_MESSAGE - 16);
            int immediate = 0;
            int queued = 0;
            int dropped = 0;
            long maxBuffered = 0;
            for (int i = 0; i < 10_000 && dropped == 0; i++) {
                int status = socket.send(String.format("%08d:", i) + filler);
                if (status > 0) {
                    immediate++;
                } else if (status == -1) {
                    queued++;
                } else {
                    dropped++;
                }
                maxBuffered = Math.max(maxBuffered, socket.bufferedAmount());
            }
            probe.record("flood immediate=" + immediate + " queued=" + queued + " dropped=" + dropped
                    + " maxBuffered=" + maxBuffered + " state=" + socket.readyState());
        }

        @Override
        public void drain(WebSocket<Void> socket) {
            socket.send("drained");
        }
    }

    /** On "go", 16 threads send 1,000 numbered messages each to this socket at once, then "done". */
    final class Ordered implements WebSocketHandler<Void> {
        @Override
        public void message(WebSocket<Void> socket, WebSocketMessage message) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            AtomicInteger refused = new AtomicInteger();
            try {
                List<Future<?>> senders = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    int thread = t;
                    senders.add(pool.submit(() -> {
                        for (int n = 0; n < 1000; n++) {
                            if (socket.send("t" + thread + ":" + n) == 0) {
                                refused.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Future<?> sender : senders) {
                    sender.get();
                }
            } finally {
                pool.shutdown();
            }
            probe.record("ordered refused=" + refused.get());
            socket.send("done");
        }
    }

    /** Joins the room's topic on open and publishes every message to it. */
    final class Room implements WebSocketHandler<Void> {
        @Override
        public void open(WebSocket<Void> socket) {
            socket.subscribe("room:" + socket.request().param("room"));
        }

        @Override
        public void message(WebSocket<Void> socket, WebSocketMessage message) {
            int reached = socket.publish("room:" + socket.request().param("room"), message.text());
            probe.record("published " + message.text() + " reached=" + reached);
        }
    }
}
