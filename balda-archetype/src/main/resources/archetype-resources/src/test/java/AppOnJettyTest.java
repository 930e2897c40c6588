package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The application on embedded Jetty 12 on a free port, over a real socket: HTTP and the WebSocket. */
class AppOnJettyTest {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.on(ContainerType.JETTY,
            () -> Balda.from(new App()));

    @Test
    void hello(URI base, HttpClient http) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/hello?name=Ada")).build(),
                BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("{\"message\":\"Hello, Ada\"}", response.body());
    }

    @Test
    void echo(WebSocketTestClient client) throws Exception {
        try (TestWebSocket ws = client.connect("/ws/echo")) {
            assertEquals("Hello from server", ws.awaitText());
            ws.sendText("hi");
            assertEquals("Echo: hi", ws.awaitText());
        }
    }
}
