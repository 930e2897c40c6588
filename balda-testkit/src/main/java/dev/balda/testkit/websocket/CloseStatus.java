package dev.balda.testkit.websocket;

/**
 * How a WebSocket connection ended as the test client saw it: the code and reason of the peer's
 * close frame, {@code 1005} for a close frame without a code, or {@code 1006} when the connection
 * dropped without any close frame.
 */
public record CloseStatus(int code, String reason) {
    /** No status code was present in the close frame. */
    public static final int NO_STATUS = 1005;
    /** The connection ended without a close frame. */
    public static final int ABNORMAL = 1006;

    @Override
    public String toString() {
        return code + (reason.isEmpty() ? "" : " " + reason);
    }
}
