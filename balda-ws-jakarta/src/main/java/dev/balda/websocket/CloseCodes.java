package dev.balda.websocket;

/**
 * The close codes Balda uses (RFC 6455, section 7.4) and the rules for what an application may
 * send. 1006 is never sent on the wire: it is what {@code close} reports when the connection ended
 * without a closing handshake.
 */
final class CloseCodes {
    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int ABNORMAL = 1006;
    static final int POLICY = 1008;
    static final int TOO_BIG = 1009;
    static final int INTERNAL_ERROR = 1011;

    /** A close frame carries 125 bytes of payload: two for the code, the rest for the reason. */
    static final int MAX_REASON_BYTES = 123;

    private CloseCodes() {
    }

    /** Codes {@link WebSocket#close(int, String)} accepts: 1000, or an application code 3000-4999. */
    static void checkApplicationCode(int code) {
        if (code != NORMAL && (code < 3000 || code > 4999)) {
            throw new IllegalArgumentException("Close code must be 1000 or an application code 3000-4999, not " + code);
        }
    }

    /** A reason that fits a close frame; {@code ""} for {@code null}. */
    static String fitReason(String reason) {
        return reason == null ? "" : Utf8.truncate(reason, MAX_REASON_BYTES);
    }
}
