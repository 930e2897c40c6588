package dev.balda.example;

import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;

/** {@code /ws/echo}: greets, then answers text with {@code Echo: <text>} and binary with the same bytes. */
final class EchoSocket implements WebSocketHandler<Void> {
    @Override
    public void open(WebSocket<Void> ws) {
        ws.send("Hello from server");
    }

    @Override
    public void message(WebSocket<Void> ws, WebSocketMessage message) {
        if (message.isText()) {
            ws.send("Echo: " + message.text());
        } else {
            ws.send(message.bytes());
        }
    }
}
