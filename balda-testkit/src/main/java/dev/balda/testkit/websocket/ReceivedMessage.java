package dev.balda.testkit.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A complete text or binary message received by {@link TestWebSocket}. */
public final class ReceivedMessage {
    private final boolean text;
    private final byte[] payload;
    private final boolean compressed;

    ReceivedMessage(boolean text, byte[] payload) {
        this(text, payload, false);
    }

    ReceivedMessage(boolean text, byte[] payload, boolean compressed) {
        this.text = text;
        this.payload = payload;
        this.compressed = compressed;
    }

    /** Whether the server sent it compressed with permessage-deflate (the payload here is inflated). */
    public boolean wasCompressed() {
        return compressed;
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
