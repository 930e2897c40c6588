package dev.balda.testkit.websocket;

import dev.balda.testkit.http.RawHttpResponse;
import java.io.IOException;

/** The server answered a WebSocket handshake with something other than {@code 101}; the answer is kept. */
public final class HandshakeRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient RawHttpResponse response;

    HandshakeRefusedException(RawHttpResponse response) {
        super("WebSocket handshake refused: " + response.statusLine());
        this.response = response;
    }

    /** The server's HTTP answer: status, headers and body. */
    public RawHttpResponse response() {
        return response;
    }
}
