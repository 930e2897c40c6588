package dev.balda.testkit.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSocketOptions;
import dev.balda.websocket.WebSockets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The WebSocket test client against Balda WebSocket routes on both embedded containers. */
class WebSocketTestClientTest {
    private static final Map<ContainerType, EmbeddedServer> SERVERS = new EnumMap<>(ContainerType.class);

    @BeforeAll
    static void start() {
        for (ContainerType type : ContainerType.values()) {
            SERVERS.put(type, EmbeddedServer.start(type, app()));
        }
    }

    @AfterAll
    static void stop() {
        SERVERS.values().forEach(EmbeddedServer::stop);
    }

    private static Balda app() {
        Balda app = Balda.create();
        WebSockets ws = WebSockets.on(app);
        ws.route("/ws/echo", new WebSocketHandler<Void>() {
            @Override
            public void message(WebSocket<Void> socket, WebSocketMessage message) {
                if (message.isText() && message.text().equals("bye")) {
                    socket.close(4001, "asked to leave");
                } else if (message.isText()) {
                    socket.send(message.text());
                } else {
                    socket.send(message.bytes());
                }
            }
        });
        ws.route("/ws/info", WebSocketOptions.builder().subprotocols("v2", "v1").build(), new WebSocketHandler<Void>() {
            @Override
            public void open(WebSocket<Void> socket) {
                socket.send(socket.request().query("name") + "|" + socket.request().header("X-Test") + "|"
                        + socket.request().subprotocol());
            }
        });
        ws.route("/ws/silent", new WebSocketHandler<Void>() { });
        return app;
    }

    private static WebSocketTestClient client(ContainerType type) {
        return WebSocketTestClient.of(SERVERS.get(type).baseUri()).timeout(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void textAndBinaryMessagesEcho(ContainerType type) throws Exception {
        try (TestWebSocket ws = client(type).connect("/ws/echo")) {
            assertThat(ws.handshakeResponse().status()).isEqualTo(101);

            ws.sendText("héllo");
            ReceivedMessage text = ws.awaitMessage();
            assertThat(text.isText()).isTrue();
            assertThat(text.text()).isEqualTo("héllo");

            byte[] data = {0, 1, 2, (byte) 0xFF};
            ws.sendBinary(data);
            ReceivedMessage binary = ws.awaitMessage();
            assertThat(binary.isBinary()).isTrue();
            assertThat(binary.bytes()).containsExactly(data);
            assertThat(ws.pendingMessages()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void queryHeadersAndSubprotocolsReachTheServer(ContainerType type) throws Exception {
        try (TestWebSocket ws = client(type).request("/ws/info").query("name", "Ann Lee").header("X-Test", "42")
                .subprotocols("v1", "v3").connect()) {
            assertThat(ws.subprotocol()).isEqualTo("v1");
            assertThat(ws.awaitText()).isEqualTo("Ann Lee|42|v1");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void awaitCloseReportsTheServersCodeAndReason(ContainerType type) throws Exception {
        try (TestWebSocket ws = client(type).connect("/ws/echo")) {
            ws.sendText("bye");

            CloseStatus status = ws.awaitClose();

            assertThat(status.code()).isEqualTo(4001);
            assertThat(status.reason()).isEqualTo("asked to leave");
            assertThat(ws.isClosed()).isTrue();
            assertThatThrownBy(ws::awaitMessage)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("the connection closed with 4001 asked to leave");
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void aHandshakeToAPathWithoutARouteIsRefusedWithTheServersAnswer(ContainerType type) {
        assertThatThrownBy(() -> client(type).connect("/ws/nope"))
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> {
                    assertThat(e.getMessage()).contains("404");
                    assertThat(e.response().status()).isEqualTo(404);
                    assertThat(e.response().bodyText()).contains("ROUTE_NOT_FOUND");
                });
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void awaitMessageFailsUsefullyWhenNothingArrives(ContainerType type) throws Exception {
        try (TestWebSocket ws = client(type).connect("/ws/silent")) {
            assertThatThrownBy(() -> ws.awaitMessage(Duration.ofMillis(200)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expected a WebSocket message within 200 ms, but none arrived");
            assertThat(ws.pollMessage(Duration.ofMillis(50))).isNull();
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void closingFromTheClientEndsTheConnectionWithTheServersAnswer(ContainerType type) throws Exception {
        TestWebSocket ws = client(type).connect("/ws/echo");
        try {
            ws.sendClose(1000, "done");
            assertThat(ws.awaitClose().code()).isEqualTo(1000);
        } finally {
            ws.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void awaitCloseFailsUsefullyWhileTheConnectionIsOpen(ContainerType type) throws Exception {
        try (TestWebSocket ws = client(type).connect("/ws/silent")) {
            assertThatThrownBy(() -> ws.awaitClose(Duration.ofMillis(100)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expected the WebSocket to close within 100 ms, but it is still open");
        }
    }
}
