package dev.balda.snippets;

import dev.balda.Balda;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSockets;

/** The README's Deno equivalent: the minimal {@code open}/{@code message}/{@code close}. */
final class EchoRoute {
    private EchoRoute() {
    }

    static void install(Balda app) {
        // tag::deno-echo[]
        WebSockets.on(app).route("/ws/echo", new WebSocketHandler<Void>() {
            public void open(WebSocket<Void> ws) { ws.send("Hello from server"); }
            public void message(WebSocket<Void> ws, WebSocketMessage m) {
                if (m.isText()) ws.send("Echo: " + m.text()); else ws.send(m.bytes());
            }
            public void close(WebSocket<Void> ws, int code, String reason) { }
        });
        // end::deno-echo[]
    }
}
