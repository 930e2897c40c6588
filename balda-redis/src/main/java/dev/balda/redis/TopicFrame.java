package dev.balda.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One topic message as it travels through Redis, binary-safe:
 *
 * <pre>
 * byte 0       format, 1
 * byte 1       kind: 0 text (payload is UTF-8), 1 binary
 * bytes 2-17   the publishing node's id (16 bytes, random per bus)
 * bytes 18-    the payload, as published
 * </pre>
 *
 * The node id lets a node skip its own messages, which Redis sends back to it whenever it
 * listens to the same topic: its local subscribers had them at once.
 */
final class TopicFrame {
    static final int HEADER = 18;
    private static final byte FORMAT = 1;
    private static final byte TEXT = 0;
    private static final byte BINARY = 1;

    private TopicFrame() {
    }

    static byte[] text(byte[] node, String text) {
        return frame(node, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] binary(byte[] node, byte[] data) {
        return frame(node, BINARY, data);
    }

    private static byte[] frame(byte[] node, byte kind, byte[] payload) {
        byte[] frame = new byte[HEADER + payload.length];
        frame[0] = FORMAT;
        frame[1] = kind;
        System.arraycopy(node, 0, frame, 2, 16);
        System.arraycopy(payload, 0, frame, HEADER, payload.length);
        return frame;
    }

    /** Whether the frame is one this version reads: the right format, a known kind, a whole header. */
    static boolean readable(byte[] frame) {
        return frame.length >= HEADER && frame[0] == FORMAT && (frame[1] == TEXT || frame[1] == BINARY);
    }

    /** Whether a {@linkplain #readable readable} frame was published by this node. */
    static boolean from(byte[] frame, byte[] node) {
        return Arrays.equals(frame, 2, HEADER, node, 0, 16);
    }

    static boolean isText(byte[] frame) {
        return frame[1] == TEXT;
    }

    static String textOf(byte[] frame) {
        return new String(frame, HEADER, frame.length - HEADER, StandardCharsets.UTF_8);
    }

    static byte[] bytesOf(byte[] frame) {
        return Arrays.copyOfRange(frame, HEADER, frame.length);
    }
}
