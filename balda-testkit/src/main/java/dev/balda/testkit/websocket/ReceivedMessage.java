package dev.balda.testkit.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A complete text or binary message received by {@link TestWebSocket}. */
public final class ReceivedMessage {
    private final boolean text;
    private final byte[] payload;

    ReceivedMessage(boolean text, byte[] payload) {
        this.text = text;
        this.payload = payload;
    }

    public boolean isText() {
        return text;
    }

    public boolean isBinary() {
        return !text;
    }

    /** The text of a text message (a binary one is decoded as UTF-8). */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public byte[] bytes() {
        return payload.clone();
    }

    @Override
    public String toString() {
        return text ? "text '" + text() + "'" : "binary " + Arrays.toString(payload.length > 32
                ? Arrays.copyOf(payload, 32) : payload) + (payload.length > 32 ? "... (" + payload.length + " bytes)" : "");
    }
}
