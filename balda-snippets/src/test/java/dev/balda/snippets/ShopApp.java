package dev.balda.snippets;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import dev.balda.http.Middleware;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSockets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The README's first example, whole. */
// tag::shop-app[]
public final class ShopApp implements BaldaApplication {
    private static final Logger log = LoggerFactory.getLogger(ShopApp.class);
    private final UserStore users = new UserStore();   // your own code: add(NewUser), find(String)

    private final Middleware requestLogger = (req, res, next) -> {
        long start = System.nanoTime();
        next.run();   // the rest of the pipeline runs here; the response can still be changed after it
        log.info("{} {} -> {} in {} µs", req.method(), req.path(), res.status(), (System.nanoTime() - start) / 1_000);
    };

    @Override
    public void configure(Balda app) {
        app.use(requestLogger);
        app.get("/api/health", (req, res) -> Map.of("status", "ok"));
        app.post("/api/users", (req, res) -> res.created(users.add(req.body(NewUser.class))));
        app.get("/api/users/:id", (req, res) -> users.find(req.param("id")));

        WebSockets.on(app).route("/ws/echo", new WebSocketHandler<Void>() {
            public void open(WebSocket<Void> ws) { ws.send("Hello from server"); }
            public void message(WebSocket<Void> ws, WebSocketMessage m) { ws.send("Echo: " + m.text()); }
        });
    }
}
// end::shop-app[]
