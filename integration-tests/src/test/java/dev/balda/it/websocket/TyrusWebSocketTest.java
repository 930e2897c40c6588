package dev.balda.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.testkit.http.RawHttpResponse;
import dev.balda.testkit.websocket.CloseStatus;
import dev.balda.testkit.websocket.HandshakeRefusedException;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite on Tyrus 2.2 standalone (Grizzly): a bare JSR-356 server without servlets.
 * The overridden tests show what such a server does differently; the README lists the same points.
 */
class TyrusWebSocketTest extends WebSocketConformanceSuite {
    @Override
    WsTarget start(Balda app) {
        return TyrusServer.start(app);
    }

    /**
     * JSR-356 gives a configurator no way to answer a handshake with a status of its choosing, so
     * on Tyrus the refusal comes right after the upgrade: the socket closes with 4000 + status and
     * the refusal's message, and {@code open} never runs.
     */
    @Override
    @Test
    void anUpgradeHookRefusesWith401AndItsBody() throws Exception {
        try (TestWebSocket ws = client.request("/ws/auth").query("token", "bad").connect()) {
            assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(4401, "login first"));
            assertThat(ws.pendingMessages()).as("open never ran, so it sent no greeting").isZero();
        }
    }

    /** Tyrus itself answers a refused origin: 403 with no body (and it keeps the connection open). */
    @Override
    void assertForeignOriginBody(RawHttpResponse response) {
        assertThat(response.bodyText()).isEmpty();
    }

    /** A bare JSR-356 server serves no HTTP: every path without an endpoint is Tyrus's own 404. */
    @Override
    @Test
    void withoutWebSocketRoutesAnUpgradeRequestIsOrdinaryHttp() throws Exception {
        Balda plain = Balda.create();
        plain.get("/http-only", (req, res) -> "plain http");
        try (WsTarget server = start(plain)) {
            WebSocketTestClient plainClient = WebSocketTestClient.of(server.baseUri()).timeout(WAIT);
            HandshakeRefusedException missing = (HandshakeRefusedException) catchRefusal(() -> plainClient.connect("/ws/echo"));
            assertThat(missing.response().status()).isEqualTo(404);
            HandshakeRefusedException http = (HandshakeRefusedException) catchRefusal(() -> plainClient.connect("/http-only"));
            assertThat(http.response().status()).isEqualTo(404);
        }
    }

    /**
     * Tyrus standalone installs no extensions, so the route's {@code perMessageDeflate} has nothing
     * to negotiate: messages go uncompressed (the README says so).
     */
    @Override
    @Test
    void permessageDeflateIsNegotiatedAndCarriesMessagesBothWays() throws Exception {
        try (TestWebSocket ws = client.request("/ws/deflate").perMessageDeflate().connect()) {
            assertThat(ws.isDeflateNegotiated()).isFalse();
            ws.awaitText();
            ws.sendText(COMPRESSIBLE);
            assertThat(ws.awaitText()).isEqualTo("Echo: " + COMPRESSIBLE);
        }
    }

    /** Tyrus has no lifecycle hook for Balda: stop the application first, and sockets close with 1001. */
    @Override
    void stopForShutdownTest(WsTarget server, Balda app) {
        app.stop();
        server.stopContainer();
    }

    /** Stopping Tyrus alone drops the connections: the client sees no close frame, and close runs with 1006. */
    @Test
    void stoppingTyrusWithoutTheApplicationDropsConnections() throws Exception {
        WsSuiteApp other = new WsSuiteApp();
        WsTarget server = start(other.app);
        TestWebSocket ws = WebSocketTestClient.of(server.baseUri()).timeout(WAIT).connect("/ws/echo");
        ws.awaitText();
        server.stopContainer();
        assertThat(ws.awaitClose().code()).isEqualTo(CloseStatus.ABNORMAL);
        assertThat(other.probe.await("close /ws/echo", WAIT)).startsWith("close /ws/echo 1006");
        other.probe.awaitEveryCloseOnce(WAIT);
        ws.close();
    }
}
