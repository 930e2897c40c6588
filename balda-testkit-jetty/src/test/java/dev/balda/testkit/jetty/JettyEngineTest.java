package dev.balda.testkit.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import dev.balda.testkit.shrinkwrap.BaldaArchives;
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
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * This module alone on the class path: the JUnit extension finds the Jetty engine through the
 * service loader, HTTP and WebSocket routes work, and Tomcat, which is not here, is refused with
 * the name of its module. A WAR packaged by {@code BaldaArchives} deploys as a standalone container
 * would deploy it.
 */
class JettyEngineTest {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.on(ContainerType.JETTY, JettyEngineTest::app);

    static Balda app() {
        Balda app = Balda.create();
        app.get("/hello", (req, res) -> "hello from " + req.servletRequest().getServletContext().getServerInfo());
        WebSockets.on(app).route("/ws/echo", new WebSocketHandler<Void>() {
            @Override
            public void message(WebSocket<Void> ws, WebSocketMessage message) {
                ws.send("Echo: " + message.text());
            }
        });
        return app;
    }

    @Test
    void servesHttpOnJetty(URI base, HttpClient http) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/hello")).build(),
                BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("hello from jetty/12.");
    }

    @Test
    void upgradesWebSockets(WebSocketTestClient client) throws Exception {
        try (TestWebSocket ws = client.timeout(Duration.ofSeconds(10)).connect("/ws/echo")) {
            ws.sendText("hi");
            assertThat(ws.awaitText()).isEqualTo("Echo: hi");
        }
    }

    @Test
    void deploysAnApplicationWarPackagedByBaldaArchives(@TempDir Path dir) throws Exception {
        Path war = BaldaArchives.export(BaldaArchives.applicationWar("archived.war", ArchivedApp.class), dir);
        try (EmbeddedServer server = EmbeddedServer.builder(ContainerType.JETTY).contextPath("/archived").war(war).start()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri("/archived"))
                    .timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"from\":\"applicationWar\"").contains("\"helper\":\"helper\"");
        }
    }

    @Test
    void aContainerWhoseModuleIsMissingIsRefusedWithItsName() {
        assertThatThrownBy(() -> EmbeddedServer.start(ContainerType.TOMCAT, app()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.balda:balda-testkit-tomcat");
    }
}
