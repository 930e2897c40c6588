package dev.balda.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.testkit.http.RawHttpResponse;
import dev.balda.testkit.websocket.CloseStatus;
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
    void assertRefused(WebSocketTestClient.Request request, int status, String code, String message) throws Exception {
        try (TestWebSocket ws = request.connect()) {
            assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(4000 + status, message));
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
    void assertPlainHttpAnswers(RawHttpResponse noRoute, RawHttpResponse httpRoute) {
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(httpRoute.status()).isEqualTo(404);
    }

    /** Tyrus standalone installs no extensions: messages go uncompressed (the README says so). */
    @Override
    boolean deflateInstalled() {
        return false;
    }

    /** Tyrus has no lifecycle hook for Balda: stop the application first, and sockets close with 1001. */
    @Override
    void stopForShutdownTest(WsTarget server, Balda app) {
        app.stop();
        server.stopContainer();
    }

    /**
     * Stopping Tyrus alone drops the connections: the client sees no close frame. On the server,
     * {@code close} runs once, with 1006 when Grizzly's transport went first, or with the 1001 that
     * Tyrus meant to send when its session shutdown went first (its stop runs both at once).
     */
    @Test
    void stoppingTyrusWithoutTheApplicationDropsConnections() throws Exception {
        WsSuiteApp other = new WsSuiteApp();
        WsTarget server = start(other.app);
        TestWebSocket ws = WebSocketTestClient.of(server.baseUri()).timeout(WAIT).connect("/ws/echo");
        ws.awaitText();
        server.stopContainer();
        assertThat(ws.awaitClose().code()).isEqualTo(CloseStatus.ABNORMAL);
        assertThat(other.probe.await("close /ws/echo", WAIT)).matches("close /ws/echo (1006|1001).*");
        other.probe.awaitEveryCloseOnce(WAIT);
        ws.close();
    }
}
