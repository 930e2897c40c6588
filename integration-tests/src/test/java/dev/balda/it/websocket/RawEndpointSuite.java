package dev.balda.it.websocket;

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
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Node.js way of Balda.js: the container's raw {@link ServerContainer} stays reachable, so an
 * endpoint of the user's own runs beside Balda's WebSocket routes and HTTP routes.
 */
abstract class RawEndpointSuite {
    abstract ContainerType type();

    /** A plain JSR-356 endpoint, registered by hand. */
    public static final class RawEcho extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    session.getBasicRemote().sendText("raw: " + text);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void aRawEndpointRunsBesideBaldaRoutes() throws Exception {
        Balda app = Balda.create();
        app.get("/api/hello", (req, res) -> "hello");
        WebSockets.on(app).route("/ws/balda", new WebSocketHandler<Void>() {
            @Override
            public void message(WebSocket<Void> ws, WebSocketMessage message) {
                ws.send("balda: " + message.text());
            }
        });
        try (EmbeddedServer server = EmbeddedServer.builder(type()).application(app)
                .initializer(context -> context.addListener(new jakarta.servlet.ServletContextListener() {
                    @Override
                    public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
                        try {
                            WebSockets.serverContainer(event.getServletContext())
                                    .addEndpoint(ServerEndpointConfig.Builder.create(RawEcho.class, "/raw").build());
                        } catch (jakarta.websocket.DeploymentException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }))
                .start()) {
            WebSocketTestClient client = WebSocketTestClient.of(server.baseUri()).timeout(Duration.ofSeconds(10));
            try (TestWebSocket raw = client.connect("/raw"); TestWebSocket balda = client.connect("/ws/balda")) {
                raw.sendText("one");
                balda.sendText("two");
                assertThat(raw.awaitText()).isEqualTo("raw: one");
                assertThat(balda.awaitText()).isEqualTo("balda: two");
            }
        }
    }
}
