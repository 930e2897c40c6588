package dev.balda.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's WebSocket test client example, run. */
class EchoOnJettyTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.on(ContainerType.JETTY,
            () -> Balda.from(new ShopApp()));

    // tag::websocket-client[]
    @Test
    void echo(WebSocketTestClient client) throws Exception {
        try (TestWebSocket ws = client.request("/ws/echo").origin("https://app.example.com").connect()) {
            assertEquals("Hello from server", ws.awaitText());
            ws.sendText("hi");
            assertEquals("Echo: hi", ws.awaitText());
        }
    }
    // end::websocket-client[]
}
