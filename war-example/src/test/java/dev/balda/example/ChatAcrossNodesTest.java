package dev.balda.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.Balda;
import dev.balda.redis.testing.Await;
import dev.balda.redis.testing.RedisServerExtension;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example as two nodes on one real Redis (README "Scaling out"): members of one chat room on
 * different nodes read each other, the announcement of one node reaches the room on the other, and
 * nobody gets a message twice.
 */
class ChatAcrossNodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static EmbeddedServer first;
    private static EmbeddedServer second;

    @BeforeAll
    static void startTwoNodes() {
        first = EmbeddedServer.start(ContainerType.TOMCAT, Balda.from(new ExampleApp(List.of(), REDIS.server().uri())));
        second = EmbeddedServer.start(ContainerType.TOMCAT, Balda.from(new ExampleApp(List.of(), REDIS.server().uri())));
    }

    @AfterAll
    static void stopNodes() {
        for (EmbeddedServer node : new EmbeddedServer[] {first, second}) {
            if (node != null) {
                node.stop();
            }
        }
    }

    private static TestWebSocket join(EmbeddedServer node, String room, String name) throws Exception {
        URI base = node.baseUri();
        return WebSocketTestClient.of(base).timeout(WAIT).request("/ws/chat/" + room).query("name", name)
                .origin(base.getScheme() + "://" + base.getHost() + ":" + base.getPort()).connect();
    }

    private static JsonNode next(TestWebSocket socket) throws Exception {
        return JSON.readTree(socket.awaitText());
    }

    private static String line(JsonNode event) {
        return event.get("kind").asText() + " " + event.get("from").asText() + ": " + event.get("text").asText();
    }

    @Test
    void membersOnTwoNodesChatAsInOneRoom() throws Exception {
        try (TestWebSocket ann = join(first, "across", "Ann")) {
            assertThat(line(next(ann))).isEqualTo("system Ann: Ann joined");
            Await.subscribers(REDIS.server(), "balda:topic:" + ChatSocket.topic("across"), 1);
            try (TestWebSocket bob = join(second, "across", "Bob")) {
                // Bob's join, published on the second node, reaches Ann on the first.
                assertThat(line(next(bob))).isEqualTo("system Bob: Bob joined");
                assertThat(line(next(ann))).isEqualTo("system Bob: Bob joined");
                Await.subscribers(REDIS.server(), "balda:topic:" + ChatSocket.topic("across"), 2);

                bob.sendText("hello from the second node");
                assertThat(line(next(ann))).isEqualTo("message Bob: hello from the second node");
                assertThat(line(next(bob))).isEqualTo("message Bob: hello from the second node");
                ann.sendText("hello from the first node");
                // Once each: the next event after Bob's message is Ann's, on both nodes.
                assertThat(line(next(ann))).isEqualTo("message Ann: hello from the first node");
                assertThat(line(next(bob))).isEqualTo("message Ann: hello from the first node");

                HttpResponse<String> announced = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(first.uri("/api/rooms/across/announce")).timeout(WAIT)
                                .POST(HttpRequest.BodyPublishers.ofString("maintenance at noon")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(JSON.readTree(announced.body()).get("reached").asInt())
                        .as("reached counts this node's sockets").isEqualTo(1);
                assertThat(line(next(bob))).isEqualTo("system server: maintenance at noon");
                assertThat(line(next(ann))).isEqualTo("system server: maintenance at noon");
            }
            assertThat(line(next(ann))).isEqualTo("system Bob: Bob left");
            assertThat(ann.pollMessage(Duration.ofMillis(300))).as("no message twice").isNull();
        }
    }
}
