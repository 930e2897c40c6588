package ${package};

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSockets;
import java.util.Map;

/**
 * The application. Deployed in a WAR, the container finds this class by itself (no web.xml) and
 * Balda serves every path of the WAR: routes below, the JSON 404 for anything else.
 */
public final class App implements BaldaApplication {
    @Override
    public void configure(Balda app) {
        app.get("/api/hello", (req, res) -> {
            String name = req.query("name");
            return Map.of("message", "Hello, " + (name == null || name.isBlank() ? "world" : name.strip()));
        });

        WebSockets.on(app).route("/ws/echo", new WebSocketHandler<Void>() {
            @Override
            public void open(WebSocket<Void> ws) {
                ws.send("Hello from server");
            }

            @Override
            public void message(WebSocket<Void> ws, WebSocketMessage message) {
                if (message.isText()) {
                    ws.send("Echo: " + message.text());
                }
            }
        });
    }
}
