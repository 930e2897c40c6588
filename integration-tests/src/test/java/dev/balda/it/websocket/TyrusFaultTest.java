package dev.balda.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.testkit.websocket.CloseStatus;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault suite on Tyrus 2.2 standalone (Grizzly). Tyrus checks a handshake's headers itself,
 * before any configurator runs, so Balda never sees those malformed requests: Tyrus answers a
 * missing key with its own 500 and a wrong version with its own 426, neither with a body. What it
 * lets through, Balda refuses right after the upgrade, as every refusal on a bare JSR-356 server.
 */
class TyrusFaultTest extends WebSocketFaultSuite {
    @Override
    WsTarget start(Balda app) {
        return TyrusServer.start(app);
    }

    @Override
    List<Malformed> malformedHandshakes() {
        return List.of(
                new Malformed("no key", handshake("/ws/echo", "13", null), 500, null),
                new Malformed("version 8", handshake("/ws/echo", "8", KEY), 426, null),
                new Malformed("no version", handshake("/ws/echo", null, KEY), 426, null));
    }

    /** Too many query parameters reach Balda's pipeline: the socket is refused at once with 4000 + 400. */
    @Test
    void tooManyParametersCloseWith4400() throws Exception {
        WebSocketTestClient.Request request = client.request("/ws/echo");
        for (String ignored : Collections.nCopies(1001, "a")) {
            request.query("a", "1");
        }
        try (TestWebSocket ws = request.connect()) {
            assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(4400, "More than 1000 query parameters"));
        }
    }
}
