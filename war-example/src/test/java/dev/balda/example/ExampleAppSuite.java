package dev.balda.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import dev.balda.testkit.websocket.HandshakeRefusedException;
import dev.balda.testkit.websocket.ReceivedMessage;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The example's HTTP contract, run against a server that serves it: programmatically in
 * {@code *Test} classes, from the packaged WAR in {@code *IT} classes.
 */
abstract class ExampleAppSuite {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    abstract URI uri(String path);

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), BodyHandlers.ofString());
    }

    @Test
    void theNameIsRememberedInASessionBetweenVisits() throws Exception {
        HttpResponse<String> saved = post("/api/me", "application/x-www-form-urlencoded",
                "name=Ann+Lee".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(saved.statusCode()).isEqualTo(200);
        String setCookie = saved.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("sid=").contains("HttpOnly").contains("SameSite=Lax");
        String sid = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> later = http.send(HttpRequest.newBuilder(uri("/api/me")).header("Cookie", sid)
                .timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
        assertThat(json(later).get("name").asText()).isEqualTo("Ann Lee");
        assertThat(json(get("/api/me")).has("name")).as("another visitor has no name").isFalse();
        HttpResponse<String> bad = post("/api/me", "application/x-www-form-urlencoded",
                "name=%3Cscript%3E".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("code").asText()).isEqualTo("BAD_NAME");
    }

    @Test
    void anUploadIsDescribedAndRefusalsHaveTheErrorShape() throws Exception {
        dev.balda.testkit.mock.Multipart form = dev.balda.testkit.mock.Multipart.builder()
                .file("file", "notes.txt", "text/plain", "abc").build();
        HttpResponse<String> r = post("/api/files", form.contentType(), form.toBytes());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("name").asText()).isEqualTo("notes.txt");
        assertThat(body.get("size").asInt()).isEqualTo(3);
        assertThat(body.get("sha256").asText())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        dev.balda.testkit.mock.Multipart big = dev.balda.testkit.mock.Multipart.builder()
                .file("file", "big.bin", "application/octet-stream", new byte[1024 * 1024 + 1]).build();
        HttpResponse<String> tooBig = post("/api/files", big.contentType(), big.toBytes());
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(json(tooBig).get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        dev.balda.testkit.mock.Multipart unsafe = dev.balda.testkit.mock.Multipart.builder()
                .file("file", "../../etc/passwd", "text/plain", "x").build();
        assertThat(json(post("/api/files", unsafe.contentType(), unsafe.toBytes())).get("code").asText())
                .isEqualTo("UNSAFE_FILENAME");
    }

    @Test
    void healthIsOk() throws Exception {
        HttpResponse<String> r = get("/api/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void createThenReadAUser() throws Exception {
        HttpResponse<String> created = postJson("/api/users", "{\"name\":\" Grace \",\"email\":\"grace@example.com\",\"id\":99}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode user = json(created);
        assertThat(user.get("name").asText()).isEqualTo("Grace");
        assertThat(user.get("id").asLong()).as("the server assigns ids").isNotEqualTo(99).isPositive();

        HttpResponse<String> read = get("/api/users/" + user.get("id").asLong());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(user);
    }

    @Test
    void unknownUserIsTheJson404() throws Exception {
        HttpResponse<String> r = get("/api/users/123456789");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(get("/api/users/not-a-number").statusCode()).isEqualTo(404);
    }

    @Test
    void brokenJsonIsTheJson400() throws Exception {
        HttpResponse<String> r = postJson("/api/users", "{\"name\":");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("code").asText()).isEqualTo("INVALID_JSON");
    }

    @Test
    void invalidInputIs422WithTheProblems() throws Exception {
        HttpResponse<String> r = postJson("/api/users", "{\"name\":\"\",\"email\":\"nope\"}");
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode body = json(r);
        assertThat(body.get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(body.get("errors")).extracting(e -> e.get("path").asText()).containsExactly("name", "email");
    }

    @Test
    void aFailingRouteShowsThe500Shape() throws Exception {
        HttpResponse<String> r = get("/api/boom");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"code\":\"INTERNAL_SERVER_ERROR\",\"message\":\"Internal Server Error\"}");
    }

    @Test
    void unknownPathsAreTheJson404() throws Exception {
        HttpResponse<String> r = get("/no/such/page");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).isEqualTo("{\"code\":\"ROUTE_NOT_FOUND\",\"message\":\"Cannot GET /no/such/page\"}");
    }

    @Test
    void thePageIsServedByABaldaRoute() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("<title>Balda for Jakarta");
    }

    // ------------------------------------------------------------------ plugins

    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (HttpResponse<String> r : List.of(get("/"), get("/no/such/page"), get("/api/boom"))) {
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(r.uri().toString()).hasValue("default-src 'self'");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("SAMEORIGIN");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=15552000; includeSubDomains");
        }
    }

    @Test
    void thePagesStyleAndScriptAreStaticFilesOfTheWar() throws Exception {
        assertThat(get("/").body()).contains("href=\"assets/page.css\"", "src=\"assets/chat.js\"")
                .as("no inline script or style under the CSP").doesNotContain("<script>", "<style>");
        HttpResponse<String> script = get("/assets/chat.js");
        HttpResponse<String> style = get("/assets/page.css");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElse("").replace(" ", ""))
                .isEqualTo("text/javascript;charset=utf-8");
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        assertThat(script.body()).contains("new WebSocket(url)");
        assertThat(style.body()).contains("font-family");
        HttpResponse<String> again = send("GET", "/assets/chat.js", "If-None-Match",
                script.headers().firstValue("ETag").orElseThrow());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(get("/assets/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void thePageIsCompressedForClientsThatAsk() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/")).timeout(Duration.ofSeconds(10))
                .header("Accept-Encoding", "gzip").build(), BodyHandlers.ofByteArray());

        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(r.headers().firstValue("Vary")).hasValueSatisfying(vary -> assertThat(vary).contains("Accept-Encoding"));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("<title>Balda for Jakarta");
        }
    }

    @Test
    void aFrontEndOnTheAllowedOriginMayCallTheApiAndOthersMayNot() throws Exception {
        HttpResponse<String> allowed = send("OPTIONS", "/api/users", "Origin", ExampleApp.DEFAULT_CORS_ORIGIN,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
        HttpResponse<String> refused = send("OPTIONS", "/api/users", "Origin", "http://evil.example",
                "Access-Control-Request-Method", "POST");

        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ExampleApp.DEFAULT_CORS_ORIGIN);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                headers -> assertThat(headers).contains("Content-Type"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("code").asText()).isEqualTo("CORS_ORIGIN_NOT_ALLOWED");
        assertThat(get("/api/health").headers().firstValue("Access-Control-Allow-Origin"))
                .as("no CORS headers without an Origin").isEmpty();
    }

    @Test
    void announcementsAreRateLimitedPerClientAndRoom() throws Exception {
        for (int i = 1; i <= ExampleApp.ANNOUNCE_LIMIT; i++) {
            HttpResponse<String> r = announce("rate-limited", "note " + i);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue(String.valueOf(ExampleApp.ANNOUNCE_LIMIT - i));
        }
        HttpResponse<String> refused = announce("rate-limited", "one too many");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused).get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(announce("another-room", "still fine").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> announce(String room, String text) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/rooms/" + room + "/announce")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(text)).build(), BodyHandlers.ofString());
    }

    @Test
    void joiningTheChatIsRateLimitedBeforeTheUpgrade() throws Exception {
        for (int i = 0; i < ExampleApp.JOIN_LIMIT; i++) {
            try (TestWebSocket ws = ws().request("/ws/chat/join-limit").query("name", "Ann").origin(ownOrigin()).connect()) {
                assertThat(json(ws.awaitText()).get("kind").asText()).isEqualTo("system");
            }
        }

        assertThatThrownBy(() -> ws().request("/ws/chat/join-limit").query("name", "Ann").origin(ownOrigin()).connect())
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> {
                    assertThat(e.response().status()).isEqualTo(429);
                    assertThat(e.response().header("Retry-After")).isNotNull();
                    assertThat(e.response().bodyText()).contains("TOO_MANY_REQUESTS");
                });
    }

    @Test
    void eachRequestIsOneLineInTheAccessLog() throws Exception {
        try (ErrCapture err = new ErrCapture()) {
            get("/api/users/4242424242");

            String line = err.await(Duration.ofSeconds(10), "path=/api/users/4242424242", "status=404");
            assertThat(line).contains("method=GET", " ip=127.0.0.1 ", " requestId=", " bytes=", " durationMs=");
        }
    }

    // ------------------------------------------------------------------ WebSockets

    /** The origin of a page this server served: {@code http://127.0.0.1:<free port>} in these tests. */
    String ownOrigin() {
        URI page = uri("/");
        return page.getScheme() + "://" + page.getHost() + ":" + page.getPort();
    }

    WebSocketTestClient ws() {
        return WebSocketTestClient.of(uri("/").resolve(".")).timeout(Duration.ofSeconds(10));
    }

    @Test
    void echoGreetsAndEchoesTextAndBinary() throws Exception {
        try (TestWebSocket ws = ws().connect("/ws/echo")) {
            assertThat(ws.awaitText()).isEqualTo("Hello from server");
            ws.sendText("ping");
            assertThat(ws.awaitText()).isEqualTo("Echo: ping");
            ws.sendBinary(new byte[] {1, 2, 3});
            ReceivedMessage binary = ws.awaitMessage();
            assertThat(binary.isBinary()).isTrue();
            assertThat(binary.bytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void chatBroadcastsToEveryoneInTheRoom() throws Exception {
        try (TestWebSocket ann = ws().request("/ws/chat/suite-room").query("name", "Ann").origin(ownOrigin()).connect()) {
            // Ann's own join event tells her socket is subscribed before Bob arrives.
            assertThat(json(ann.awaitText()).get("text").asText()).isEqualTo("Ann joined");
            try (TestWebSocket bob = ws().request("/ws/chat/suite-room").query("name", "Bob").origin(ownOrigin()).connect()) {
                assertThat(json(ann.awaitText()).get("text").asText()).isEqualTo("Bob joined");
                bob.sendText("  hello room  ");
                assertThat(nextChatMessage(ann)).isEqualTo("Bob: hello room");
                assertThat(nextChatMessage(bob)).isEqualTo("Bob: hello room");
            }
            assertThat(json(ann.awaitText()).get("text").asText()).isEqualTo("Bob left");
        }
    }

    @Test
    void announcementsFromHttpReachTheRoom() throws Exception {
        try (TestWebSocket ann = ws().request("/ws/chat/news").query("name", "Ann").origin(ownOrigin()).connect()) {
            assertThat(json(ann.awaitText()).get("kind").asText()).isEqualTo("system");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/rooms/news/announce"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("maintenance at noon")).build(),
                    BodyHandlers.ofString());
            assertThat(json(r).get("reached").asInt()).isEqualTo(1);
            JsonNode event = json(ann.awaitText());
            assertThat(event.get("from").asText()).isEqualTo("server");
            assertThat(event.get("text").asText()).isEqualTo("maintenance at noon");
        }
    }

    @Test
    void aForeignOriginCannotJoinTheChat() {
        assertThatThrownBy(() -> ws().request("/ws/chat/lobby").query("name", "Eve").origin("http://evil.example").connect())
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> {
                    assertThat(e.response().status()).isEqualTo(403);
                    assertThat(e.response().bodyText()).contains("ORIGIN_NOT_ALLOWED");
                });
    }

    @Test
    void theChatAcceptsThePagesOwnOriginAt127001OnANonDefaultPort() throws Exception {
        assertThat(ownOrigin()).startsWith("http://127.0.0.1:").doesNotEndWith(":80").doesNotEndWith(":8080");
        try (TestWebSocket ann = ws().request("/ws/chat/own-origin").query("name", "Ann").origin(ownOrigin()).connect()) {
            assertThat(json(ann.awaitText()).get("text").asText()).isEqualTo("Ann joined");
        }
    }

    @Test
    void anotherPortSchemeOrHostOfTheSamePageIsRefused() {
        URI page = uri("/");
        for (String origin : new String[] {
                "http://localhost:8080",
                "http://127.0.0.1:" + (page.getPort() == 65535 ? 65534 : page.getPort() + 1),
                "https://127.0.0.1:" + page.getPort(),
                "http://localhost:" + page.getPort(),
                "null"}) {
            assertThatThrownBy(() -> ws().request("/ws/chat/lobby").query("name", "Eve").origin(origin).connect())
                    .as(origin)
                    .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> {
                        assertThat(e.response().status()).isEqualTo(403);
                        assertThat(e.response().bodyText()).contains("ORIGIN_NOT_ALLOWED");
                    });
        }
    }

    @Test
    void badRoomOrNameIsRefusedWith400() {
        assertThatThrownBy(() -> ws().request("/ws/chat/NOT_VALID").query("name", "Ann").origin(ownOrigin()).connect())
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> {
                    assertThat(e.response().status()).isEqualTo(400);
                    assertThat(e.response().bodyText()).contains("BAD_ROOM");
                });
        assertThatThrownBy(() -> ws().request("/ws/chat/lobby").query("name", "<script>").origin(ownOrigin()).connect())
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> assertThat(e.response().status()).isEqualTo(400));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static String nextChatMessage(TestWebSocket ws) throws Exception {
        while (true) {
            JsonNode event = json(ws.awaitText());
            if (event.get("kind").asText().equals("message")) {
                return event.get("from").asText() + ": " + event.get("text").asText();
            }
        }
    }
}
