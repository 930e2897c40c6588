package dev.balda.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /ws/chat/:room}: every socket joins its room's topic, and every text message is
 * broadcast to the room (sender included) as {@code {"room","from","text"}} JSON. The server
 * builds the JSON, so a client can never inject fields; the page shows text with
 * {@code textContent}, never as HTML.
 */
final class ChatSocket implements WebSocketHandler<ChatMember> {
    static final int MAX_TEXT = 1000;

    private final ObjectMapper json;

    ChatSocket(ObjectMapper json) {
        this.json = json;
    }

    static String topic(String room) {
        return "chat:" + room;
    }

    @Override
    public void open(WebSocket<ChatMember> ws) throws Exception {
        ws.subscribe(topic(ws.data().room()));
        ws.publish(topic(ws.data().room()), event(ws.data(), ws.data().name() + " joined", "system"));
    }

    @Override
    public void message(WebSocket<ChatMember> ws, WebSocketMessage message) throws Exception {
        if (!message.isText()) {
            ws.close(4400, "Chat messages are text");
            return;
        }
        String text = message.text().strip();
        if (text.isEmpty()) {
            return;
        }
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        ws.publish(topic(ws.data().room()), event(ws.data(), text, "message"));
    }

    @Override
    public void close(WebSocket<ChatMember> ws, int code, String reason) {
        try {
            ws.publish(topic(ws.data().room()), event(ws.data(), ws.data().name() + " left", "system"));
        } catch (Exception e) {
            // Nobody left to tell, or the JSON failed: a goodbye is not worth an error.
        }
    }

    String event(ChatMember member, String text, String kind) throws Exception {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("kind", kind);
        event.put("room", member.room());
        event.put("from", member.name());
        event.put("text", text);
        return json.writeValueAsString(event);
    }
}
