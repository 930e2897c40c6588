package dev.balda.testkit.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.Balda;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a container module must do, run by each module (balda-testkit-jetty, balda-testkit-tomcat)
 * with only itself on the class path: the subclass registers an {@code EmbeddedServerExtension}
 * for {@link #app()} on its container, found through the service loader. HTTP and WebSocket
 * routes work, static files are served with their MIME type beside a pass-through application, a
 * WAR packaged by {@link BaldaArchives} deploys as the standalone container would deploy it, and
 * the other container, whose module is not there, is refused with the name of that module.
 * Shipped in balda-testkit's test jar.
 */
public abstract class EngineContract {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** The container this module brings. */
    protected abstract ContainerType type();

    /** How the container's {@code ServletContext.getServerInfo()} starts, such as {@code jetty/12.}. */
    protected abstract String serverInfoPrefix();

    /** The application the subclass's extension serves. */
    protected static Balda app() {
        Balda app = Balda.create(o -> o.passThrough(true));
        app.get("/hello", (req, res) -> "hello from " + req.servletRequest().getServletContext().getServerInfo());
        WebSockets.on(app).route("/ws/echo", new WebSocketHandler<Void>() {
            @Override
            public void message(WebSocket<Void> ws, WebSocketMessage message) {
                ws.send("Echo: " + message.text());
            }
        });
        return app;
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), BodyHandlers.ofString());
    }

    @Test
    void servesHttp(URI base, ContainerType running) throws Exception {
        assertThat(running).isEqualTo(type());
        HttpResponse<String> response = get(base.resolve("/hello"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("hello from " + serverInfoPrefix());
    }

    @Test
    void upgradesWebSockets(WebSocketTestClient client) throws Exception {
        try (TestWebSocket ws = client.timeout(TIMEOUT).connect("/ws/echo")) {
            ws.sendText("hi");
            assertThat(ws.awaitText()).isEqualTo("Echo: hi");
        }
    }

    @Test
    void servesStaticFilesBesideAPassThroughApplication(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "<p>static</p>");
        try (EmbeddedServer server = EmbeddedServer.builder(type()).application(app()).staticFiles(dir).start()) {
            HttpResponse<String> page = get(server.uri("/index.html"));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isEqualTo("<p>static</p>");
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        }
    }

    @Test
    void deploysAnApplicationWarPackagedByBaldaArchives(@TempDir Path dir) throws Exception {
        Path war = BaldaArchives.export(BaldaArchives.applicationWar("archived.war", ArchivedApp.class), dir);
        try (EmbeddedServer server = EmbeddedServer.builder(type()).contextPath("/archived").war(war).start()) {
            HttpResponse<String> response = get(server.uri("/archived"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"from\":\"applicationWar\"").contains("\"helper\":\"helper\"");
        }
    }

    @Test
    void theOtherContainerIsRefusedWithTheNameOfItsModule() {
        ContainerType other = type() == ContainerType.JETTY ? ContainerType.TOMCAT : ContainerType.JETTY;
        assertThatThrownBy(() -> EmbeddedServer.start(other, app()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.balda:" + other.artifactId());
    }
}
