package dev.balda.websocket;

import dev.balda.http.Request;
import java.util.Base64;
import java.util.List;

/**
 * The checks of RFC 6455 (section 4.2.1) that a servlet container would otherwise fail with an
 * exception, run before Balda asks it to upgrade, so a malformed handshake gets a 4xx in the one
 * error shape instead of a 500. {@code Connection: Upgrade}, {@code Upgrade: websocket} and
 * {@code GET} are already guaranteed by the upgrade route that matched.
 */
final class HandshakeCheck {
    static final String SUPPORTED_VERSION = "13";

    /** What is wrong with a handshake: the status, error code and message to answer with. */
    record Problem(int status, String code, String message) {
    }

    private HandshakeCheck() {
    }

    /** The first problem with the handshake's headers, or {@code null} if there is none. */
    static Problem check(Request req) {
        List<String> versions = req.headers("Sec-WebSocket-Version");
        if (versions.size() != 1 || !SUPPORTED_VERSION.equals(versions.get(0).trim())) {
            String given = versions.isEmpty() ? "no version" : "version " + String.join(", ", versions);
            return new Problem(426, "UPGRADE_REQUIRED",
                    "WebSocket " + given + " is not supported; send Sec-WebSocket-Version: " + SUPPORTED_VERSION);
        }
        List<String> keys = req.headers("Sec-WebSocket-Key");
        if (keys.size() != 1 || !isKey(keys.get(0).trim())) {
            return new Problem(400, "BAD_REQUEST",
                    "A WebSocket handshake needs one Sec-WebSocket-Key: 16 random bytes in base64");
        }
        return null;
    }

    private static boolean isKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
