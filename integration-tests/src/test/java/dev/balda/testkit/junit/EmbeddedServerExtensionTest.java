package dev.balda.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSockets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A class-wide server from a static {@code @RegisterExtension} field, and what it injects. */
class EmbeddedServerExtensionTest {

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.on(ContainerType.TOMCAT,
            EmbeddedServerExtensionTest::app);

    private final URI constructorBase;

    EmbeddedServerExtensionTest(URI base) {
        this.constructorBase = base;
    }

    static Balda app() {
        Balda app = Balda.create();
        app.get("/hello", (req, res) -> "hello");
        WebSockets.on(app).route("/ws/echo", new WebSocketHandler<Void>() {
            @Override
            public void message(WebSocket<Void> ws, WebSocketMessage message) {
                ws.send("echo: " + message.text());
            }
        });
        return app;
    }

    @Test
    void injectsTheServerItsBaseUriTypeAndClients(URI base, HttpClient http, EmbeddedServer server,
                                                 ContainerType type) throws Exception {
        assertThat(type).isEqualTo(ContainerType.TOMCAT);
        assertThat(server).isSameAs(SERVER.server());
        assertThat(server.isRunning()).isTrue();
        assertThat(base).isEqualTo(server.baseUri()).isEqualTo(SERVER.baseUri()).isEqualTo(constructorBase);
        assertThat(http).isSameAs(SERVER.httpClient());

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(SERVER.uri("/hello"))
                .timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
    }

    @Test
    void injectsAWebSocketClientForTheServer(WebSocketTestClient client) throws Exception {
        try (TestWebSocket ws = client.connect("/ws/echo")) {
            ws.sendText("hi");
            assertThat(ws.awaitText()).isEqualTo("echo: hi");
        }
    }

    @Test
    void theServerLivesForTheWholeClass(EmbeddedServer server) {
        assertThat(server).isSameAs(SERVER.server());
        assertThat(SERVER.type()).isEqualTo(ContainerType.TOMCAT);
    }
}
