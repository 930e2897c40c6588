package dev.balda.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.testkit.websocket.HandshakeRefusedException;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Black-box checks of the unchanged war-example WAR on one standalone container process: only
 * HTTP and WebSocket from outside, on {@code http://127.0.0.1:<port>/war-example}. The container
 * is started once per class and always stopped, and the class fails if any of its processes
 * outlives the stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class StandaloneWarChecks {
    /** The chat's allowed origin, given to the container JVM as {@code -Dexample.allowedOrigins}. */
    static final String ALLOWED_ORIGIN = "http://allowed.example";
    static final String FOREIGN_ORIGIN = "http://evil.example";
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    StandaloneServer server;

    /** Prints the container's log tail under a failed check: the server side of the story. */
    @RegisterExtension
    final TestWatcher logOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (server != null) {
                System.out.println("[" + server.process().name() + "] " + context.getDisplayName() + " failed: "
                        + cause + "\n" + server.logTail());
            }
        }
    };

    abstract Distribution distribution();

    static Path systemPath(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run through Maven (failsafe sets it)");
        }
        return Path.of(value);
    }

    @BeforeAll
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void startContainer() throws Exception {
        server = StandaloneServer.start(distribution(), systemPath("standalone.war"), systemPath("standalone.work"),
                List.of("-Xmx256m", "-Dexample.allowedOrigins=" + ALLOWED_ORIGIN));
    }

    @AfterAll
    void stopContainer() {
        if (server == null) {
            return; // a failed start has already stopped what it started
        }
        ContainerProcess.StopReport report = server.stop();
        ContainerProcess process = server.process();
        assertThat(process.handle().isAlive()).as("%s pid %d alive after the stop", process.name(), process.handle().pid())
                .isFalse();
        assertThat(report.leftAlive()).as("%s processes alive after the stop", process.name()).isEmpty();
        assertThat(process.tree()).as("%s process tree", process.name()).noneMatch(ProcessHandle::isAlive);
        assertThat(server.processesUsingBase()).as("processes naming %s", server.base()).isEmpty();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(response.body());
    }

    WebSocketTestClient ws() {
        return WebSocketTestClient.of(server.contextUri()).timeout(Duration.ofSeconds(10));
    }

    // ------------------------------------------------------------------ HTTP

    @Test
    void healthIsOk() throws Exception {
        HttpResponse<String> r = get("/api/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void unknownPathIsTheJson404WithoutTheContextPath() throws Exception {
        HttpResponse<String> r = get("/nope");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"code\":\"ROUTE_NOT_FOUND\",\"message\":\"Cannot GET /nope\"}");
    }

    @Test
    void createThenReadAUser() throws Exception {
        HttpResponse<String> created = postJson("/api/users", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode user = json(created);
        assertThat(user.get("id").isIntegralNumber()).as("id in %s", user).isTrue();
        assertThat(user.get("id").asLong()).isPositive();
        assertThat(user.get("name").asText()).isEqualTo("Ada");
        assertThat(user.get("email").asText()).isEqualTo("ada@example.com");

        HttpResponse<String> read = get("/api/users/" + user.get("id").asLong());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(user);
    }

    @Test
    void brokenJsonIs400InvalidJson() throws Exception {
        HttpResponse<String> r = postJson("/api/users", "{\"name\":");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json(r).get("code").asText()).isEqualTo("INVALID_JSON");
    }

    // ------------------------------------------------------------------ WebSocket

    @Test
    void echoGreetsAndEchoes() throws Exception {
        try (TestWebSocket ws = ws().connect("/ws/echo")) {
            assertThat(ws.awaitText()).isEqualTo("Hello from server");
            ws.sendText("x");
            assertThat(ws.awaitText()).isEqualTo("Echo: x");
        }
    }

    @Test
    void chatBroadcastsBetweenTwoClients() throws Exception {
        // The allowed origin only works if -Dexample.allowedOrigins reached the container's JVM
        // (the application's default is http://localhost:8080).
        try (TestWebSocket a = ws().request("/ws/chat/standalone").query("name", "A").origin(ALLOWED_ORIGIN).connect();
             TestWebSocket b = ws().request("/ws/chat/standalone").query("name", "B").origin(ALLOWED_ORIGIN).connect()) {
            // The server subscribes a socket in open, after the client saw the 101: each socket's
            // own join event proves it is in the room before anything is sent.
            awaitSystemEvent(a, "A joined");
            awaitSystemEvent(b, "B joined");
            b.sendText("hello from B");
            assertThat(nextChatMessage(a)).isEqualTo(event("standalone", "B", "hello from B"));
            assertThat(nextChatMessage(b)).isEqualTo(event("standalone", "B", "hello from B"));

            a.sendText("hi from A");
            assertThat(nextChatMessage(b)).isEqualTo(event("standalone", "A", "hi from A"));
            assertThat(nextChatMessage(a)).isEqualTo(event("standalone", "A", "hi from A"));
        }
    }

    @Test
    void aForeignOriginIsRefusedWith403() {
        assertThatThrownBy(() -> ws().request("/ws/chat/standalone").query("name", "Eve").origin(FOREIGN_ORIGIN).connect())
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> {
                    assertThat(e.response().status()).as(e.response().toString()).isEqualTo(403);
                    assertThat(e.response().bodyText()).contains("ORIGIN_NOT_ALLOWED");
                });
    }

    private static JsonNode event(String room, String from, String text) {
        return JSON.createObjectNode().put("kind", "message").put("room", room).put("from", from).put("text", text);
    }

    /** The next {@code "message"} event, skipping {@code "system"} ones (joins may arrive in any order). */
    private static JsonNode nextChatMessage(TestWebSocket ws) throws Exception {
        List<JsonNode> skipped = new ArrayList<>();
        while (true) {
            JsonNode event = JSON.readTree(ws.awaitText());
            assertThat(iterableFieldNames(event)).as("fields of %s", event).containsExactly("kind", "room", "from", "text");
            if ("message".equals(event.get("kind").asText())) {
                return event;
            }
            assertThat(event.get("kind").asText()).as("event %s after %s", event, skipped).isEqualTo("system");
            skipped.add(event);
        }
    }

    private static void awaitSystemEvent(TestWebSocket ws, String text) throws Exception {
        while (true) {
            JsonNode event = JSON.readTree(ws.awaitText());
            if ("system".equals(event.get("kind").asText()) && text.equals(event.get("text").asText())) {
                return;
            }
        }
    }

    private static List<String> iterableFieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
