package dev.balda.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.testkit.shrinkwrap.BaldaArchives;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example packaged by the testkit's ShrinkWrap helper and deployed by Arquillian to embedded
 * Tomcat; the tests exercise it from the client side over HTTP and WebSocket.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ExampleArquillianIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @ArquillianResource
    URL base;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return BaldaArchives.applicationWar("war-example.war", ExampleApp.class);
    }

    private URI uri(String path) throws Exception {
        return base.toURI().resolve(path);
    }

    /** The origin of a page this deployment served: the chat accepts only its own pages by default. */
    private String origin() {
        return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    }

    private WebSocketTestClient webSockets() throws Exception {
        return WebSocketTestClient.of(base.toURI()).timeout(WAIT);
    }

    @Test
    void healthAndTheJson404() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("api/health")).build(), BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(uri("nope")).build(), BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("code").asText()).isEqualTo("ROUTE_NOT_FOUND");
    }

    @Test
    void createAndReadAUser() throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("api/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Arquillian\"}")).build(), BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        long id = JSON.readTree(created.body()).get("id").asLong();
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(uri("api/users/" + id)).build(), BodyHandlers.ofString());
        assertThat(JSON.readTree(read.body()).get("name").asText()).isEqualTo("Arquillian");
    }

    @Test
    void echoOverWebSocket() throws Exception {
        try (TestWebSocket ws = webSockets().connect("/ws/echo")) {
            assertThat(ws.awaitText()).isEqualTo("Hello from server");
            ws.sendText("from Arquillian");
            assertThat(ws.awaitText()).isEqualTo("Echo: from Arquillian");
        }
    }

    @Test
    void chatBroadcastBetweenTwoClients() throws Exception {
        try (TestWebSocket ann = webSockets().request("/ws/chat/arquillian").query("name", "Ann").origin(origin()).connect()) {
            // Each socket's own join event shows it is subscribed before the next step.
            assertThat(JSON.readTree(ann.awaitText()).get("text").asText()).isEqualTo("Ann joined");
            try (TestWebSocket bob = webSockets().request("/ws/chat/arquillian").query("name", "Bob").origin(origin()).connect()) {
                assertThat(JSON.readTree(bob.awaitText()).get("text").asText()).isEqualTo("Bob joined");
                ann.sendText("hello Bob");
                assertThat(nextMessage(bob)).isEqualTo("Ann: hello Bob");
                assertThat(nextMessage(ann)).isEqualTo("Ann: hello Bob");
            }
        }
    }

    private static String nextMessage(TestWebSocket ws) throws Exception {
        while (true) {
            JsonNode event = JSON.readTree(ws.awaitText());
            if (event.get("kind").asText().equals("message")) {
                return event.get("from").asText() + ": " + event.get("text").asText();
            }
        }
    }
}
