package dev.balda.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One whole message received on a socket: text or binary, which {@link #isText()} tells. */
public final class WebSocketMessage {
    private final String text;
    private final byte[] bytes;

    private WebSocketMessage(String text, byte[] bytes) {
        this.text = text;
        this.bytes = bytes;
    }

    public static WebSocketMessage text(String text) {
        return new WebSocketMessage(Objects.requireNonNull(text), null);
    }

    /** A binary message holding a copy of the bytes, so later changes to the array do not reach it. */
    public static WebSocketMessage binary(byte[] bytes) {
        return new WebSocketMessage(null, Objects.requireNonNull(bytes).clone());
    }

    /** A binary message that takes over an array nobody else holds (no copy). */
    static WebSocketMessage ownedBinary(byte[] bytes) {
        return new WebSocketMessage(null, Objects.requireNonNull(bytes));
    }

    public boolean isText() {
        return text != null;
    }

    public boolean isBinary() {
        return bytes != null;
    }

    /** The text of a text message; a binary message is decoded as UTF-8. */
    public String text() {
        return text != null ? text : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes of a binary message (a copy); a text message is encoded as UTF-8. */
    public byte[] bytes() {
        return bytes != null ? bytes.clone() : text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return isText() ? "text(" + text.length() + " chars)" : "binary(" + bytes.length + " bytes)";
    }
}
