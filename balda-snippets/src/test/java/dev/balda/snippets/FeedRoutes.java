package dev.balda.snippets;

import dev.balda.Balda;
import dev.balda.websocket.Upgrade;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSocketOptions;
import dev.balda.websocket.WebSockets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The README's Bun equivalent: the whole contract, with backpressure and {@code drain}. */
final class FeedRoutes {
    private static final Logger log = LoggerFactory.getLogger(FeedRoutes.class);

    /** Per-connection data: the channel the socket follows. */
    record Subscriber(String channel) {
    }

    /** Where the messages a socket has still to receive come from (your own code). */
    interface Backlog {
        boolean hasNext(WebSocket<Subscriber> ws);

        String next(WebSocket<Subscriber> ws);
    }

    private FeedRoutes() {
    }

    static void install(Balda app, Backlog backlog) {
        // tag::bun-feed[]
        WebSockets ws = WebSockets.on(app);
        ws.route("/ws/feed/:channel",
                WebSocketOptions.builder().backpressureLimit(1024 * 1024).build(),
                req -> Upgrade.accept(new Subscriber(req.param("channel"))),
                new WebSocketHandler<Subscriber>() {
                    public void open(WebSocket<Subscriber> ws) { ws.subscribe("feed:" + ws.data().channel()); pump(ws); }
                    public void message(WebSocket<Subscriber> ws, WebSocketMessage m) { ws.publish("feed:" + ws.data().channel(), m.text()); }
                    public void drain(WebSocket<Subscriber> ws) { pump(ws); }   // the queue emptied: send more
                    public void close(WebSocket<Subscriber> ws, int code, String reason) { log.info("left {} {}", code, reason); }

                    void pump(WebSocket<Subscriber> ws) {
                        while (backlog.hasNext(ws) && ws.send(backlog.next(ws)) > 0) { }   // stop at -1 (queued) or 0
                    }
                });
        app.post("/feed/:channel", (req, res) -> Map.of("reached", ws.publish("feed:" + req.param("channel"), req.bodyText())));
        // end::bun-feed[]
    }
}
