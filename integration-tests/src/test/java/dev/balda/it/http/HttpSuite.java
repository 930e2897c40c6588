package dev.balda.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.testkit.http.RawHttp;
import dev.balda.testkit.http.RawHttpResponse;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The HTTP pipeline over real sockets with the JDK client and raw HTTP, unchanged on every
 * container: each subclass only says which container runs {@link SuiteApp}.
 */
abstract class HttpSuite {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static SuiteApp suiteApp;

    /** The server running {@link SuiteApp} for the subclass's container. */
    abstract EmbeddedServerExtension server();

    static SuiteApp newApp() {
        try {
            // Under target/, so the 5 MiB file goes away with mvn clean rather than piling up in /tmp.
            Path dir = Files.createDirectories(Path.of("target", "http-suite"));
            suiteApp = new SuiteApp(SuiteApp.createBigFile(Files.createTempDirectory(dir, "files")));
            return suiteApp;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server().uri(path)).timeout(TIMEOUT);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http().send(b.build(), BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server().uri(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http().send(b.build(), BodyHandlers.ofString());
    }

    HttpClient http() {
        return server().httpClient();
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return JSON.readTree(r.body());
    }

    /** Containers format parameters their own way ({@code a; b} or {@code a;b}): compare the parts. */
    static void assertContentType(HttpResponse<?> r, String mediaType, String charset) {
        String type = r.headers().firstValue("Content-Type").orElseThrow().toLowerCase(java.util.Locale.ROOT);
        assertThat(type.split(";")[0].trim()).isEqualTo(mediaType);
        assertThat(type.replace(" ", "")).contains("charset=" + charset);
    }

    static void assertError(HttpResponse<String> r, int status, String code) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.has("stack")).isFalse();
    }

    // ------------------------------------------------------------------ basics and routing

    @Test
    void jsonTextHtmlAndEmptyResponses() throws Exception {
        HttpResponse<String> json = get("/json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json(json).get("status").asText()).isEqualTo("ok");

        HttpResponse<String> text = get("/text");
        assertThat(text.body()).isEqualTo("plain");
        assertContentType(text, "text/plain", "utf-8");

        HttpResponse<String> html = get("/");
        assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(html.body()).isEqualTo("<h1>suite</h1>");

        HttpResponse<String> empty = get("/empty");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
        assertThat(empty.headers().firstValue("Content-Length")).hasValue("0");
    }

    @Test
    void literalBeatsParamAndTheMatcherBacktracks() throws Exception {
        assertThat(get("/users/me").body()).isEqualTo("me");
        assertThat(json(get("/users/42")).get("id").asText()).isEqualTo("42");
        JsonNode posts = json(get("/users/me/posts"));
        assertThat(posts.get("route").asText()).isEqualTo("posts");
        assertThat(posts.get("userId").asText()).isEqualTo("me");
    }

    @Test
    void paramsArePercentDecodedAndWildcardTakesTheRest() throws Exception {
        assertThat(json(get("/users/J%C3%BCrgen%20S")).get("id").asText()).isEqualTo("Jürgen S");
        assertThat(json(get("/files/a/b/c.txt")).get("rest").asText()).isEqualTo("a/b/c.txt");
        assertError(get("/files"), 404, "ROUTE_NOT_FOUND");
    }

    @Test
    void trailingAndRepeatedSlashesAreTolerated() throws Exception {
        assertThat(json(get("/users/7/")).get("id").asText()).isEqualTo("7");
        assertThat(json(get("/json/")).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void unknownPathIsJson404ThroughGlobalMiddleware() throws Exception {
        HttpResponse<String> r = get("/nope");
        assertError(r, 404, "ROUTE_NOT_FOUND");
        assertThat(json(r).get("message").asText()).isEqualTo("Cannot GET /nope");
        assertThat(r.headers().firstValue("X-Outer")).hasValue("after:404");
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = send("POST", "/things/1", null, null);
        assertError(r, 405, "METHOD_NOT_ALLOWED");
        assertThat(r.headers().firstValue("Allow")).hasValue("DELETE, OPTIONS, PUT");
        assertThat(r.headers().firstValue("X-Outer")).hasValue("after:405");
    }

    @Test
    void optionsWithoutARouteAnswers204WithAllow() throws Exception {
        HttpResponse<String> r = send("OPTIONS", "/users/42", null, null);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void headIsServedByGetWithoutBody() throws Exception {
        HttpResponse<String> get = get("/json");
        HttpResponse<String> head = send("HEAD", "/json", null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length"))
                .hasValue(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
    }

    @Test
    void queryParamsSingleRepeatedAndPlusAsSpace() throws Exception {
        JsonNode body = json(get("/query?q=hello+big%20world&tag=a&tag=b&tag=c%26d"));
        assertThat(body.get("q").asText()).isEqualTo("hello big world");
        assertThat(body.get("tags")).extracting(JsonNode::asText).containsExactly("a", "b", "c&d");
    }

    @Test
    void requestExposesMethodPathUrlIpHeadersAndId() throws Exception {
        JsonNode info = json(get("/request-info?x=1", "Accept", "application/json", "X-Multi", "one", "X-Multi", "two",
                "X-Request-Id", "trace-123"));
        assertThat(info.get("method").asText()).isEqualTo("GET");
        assertThat(info.get("path").asText()).isEqualTo("/request-info");
        assertThat(info.get("url").asText()).isEqualTo(server().uri("/request-info?x=1").toString());
        assertThat(info.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(info.get("accept").asText()).isEqualTo("application/json");
        assertThat(info.get("multi")).extracting(JsonNode::asText).containsExactly("one", "two");
        assertThat(info.get("id").asText()).isEqualTo("trace-123");

        JsonNode generated = json(get("/request-info", "X-Request-Id", "bad id with spaces"));
        assertThat(generated.get("id").asText()).isNotEqualTo("bad id with spaces").hasSize(36);
        assertThat(generated.get("idAgain").asText()).isEqualTo(generated.get("id").asText());
    }

    // ------------------------------------------------------------------ bodies

    @Test
    void createAndReadAUserAsJson() throws Exception {
        HttpResponse<String> created = send("POST", "/users", "application/json", "{\"name\":\"Ada\",\"age\":36,\"admin\":true}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode user = json(created);
        assertThat(user.get("name").asText()).isEqualTo("Ada");
        assertThat(user.has("admin")).as("unknown fields are not taken").isFalse();
        JsonNode read = json(get("/users-by-id/" + user.get("id").asInt()));
        assertThat(read).isEqualTo(user);
        assertError(get("/users-by-id/999999"), 404, "NOT_FOUND");
        assertError(get("/users-by-id/abc"), 400, "BAD_REQUEST");
    }

    @Test
    void brokenJsonIs400AndMisfitIs400() throws Exception {
        assertError(send("POST", "/users", "application/json", "{\"name\": \"Ada\""), 400, "INVALID_JSON");
        assertError(send("POST", "/users", "application/json", "{\"name\":\"Ada\"} trailing"), 400, "INVALID_JSON");
        assertError(send("POST", "/users", "application/json", "{\"name\":\"Ada\",\"age\":\"old\"}"), 400, "INVALID_BODY");
        assertError(send("POST", "/users", "application/json", "{\"age\":3}"), 422, "NAME_REQUIRED");
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertError(send("POST", "/users", "application/json", big), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void a413ArrivesWholeAndTheConnectionIsReusedOrClosedCleanly() throws Exception {
        byte[] body = "z".repeat(70 * 1024).getBytes(StandardCharsets.US_ASCII);
        String host = "Host: " + server().baseUri().getAuthority() + "\r\n";
        String context = server().baseUri().getRawPath();
        try (java.net.Socket socket = new java.net.Socket(server().baseUri().getHost(), server().baseUri().getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST " + context + "/users HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write(("GET " + context + "/json HTTP/1.1\r\n" + host + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            RawHttpResponse refused = RawHttp.read(in, false);
            assertThat(refused.status()).isEqualTo(413);
            assertThat(JSON.readTree(refused.bodyText()).get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(refused.complete()).isTrue();
            if ("close".equalsIgnoreCase(refused.header("Connection"))) {
                // Tomcat ends the connection after every 413, saying so; the answer still arrived whole.
                assertThat(in.read()).as("nothing follows a response that closes the connection").isEqualTo(-1);
                return;
            }
            RawHttpResponse next = RawHttp.read(in, false);
            assertThat(next.status()).as("the refused body was drained, so the next request is read").isEqualTo(200);
            assertThat(JSON.readTree(next.bodyText()).get("status").asText()).isEqualTo("ok");
        }
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws Exception {
        byte[] chunk = "y".repeat(8192).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            chunks.add(chunk);
        }
        // A publisher without a known length makes the JDK client send chunked.
        HttpRequest request = HttpRequest.newBuilder(server().uri("/echo")).timeout(TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArrays(chunks)).build();
        assertError(http().send(request, BodyHandlers.ofString()), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void rawBodyRoundTrips() throws Exception {
        HttpResponse<String> r = send("POST", "/echo", "text/plain; charset=utf-8", "grüße");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("grüße");
    }

    // ------------------------------------------------------------------ middleware

    @Test
    void onionMiddlewareChangesTheBufferedResponseAfterNext() throws Exception {
        HttpResponse<String> r = get("/json");
        assertThat(r.headers().firstValue("X-Outer")).hasValue("after:200");
    }

    @Test
    void groupMiddlewareShortCircuitsAndSharesAttributes() throws Exception {
        HttpResponse<String> refused = get("/guarded/me");
        assertError(refused, 401, "UNAUTHORIZED");
        assertThat(refused.headers().firstValue("X-Route-After")).isEmpty();
        assertThat(refused.headers().firstValue("X-Outer")).hasValue("after:401");

        HttpResponse<String> ok = get("/guarded/me", "X-Key", "secret");
        assertThat(json(ok).get("user").asText()).isEqualTo("alice");
        assertThat(ok.headers().firstValue("X-Route-After")).hasValue("yes");
    }

    @Test
    void nextTwiceIsAnErrorNotASecondRun() throws Exception {
        int before = suiteApp.counter.get();
        HttpResponse<String> r = get("/next-twice");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).get("handledBy").asText()).isEqualTo("custom");
        assertThat(suiteApp.counter.get()).isEqualTo(before + 1);
    }

    // ------------------------------------------------------------------ response helpers

    @Test
    void cookiesStayApart() throws Exception {
        HttpResponse<String> r = get("/cookies");
        assertThat(r.headers().allValues("Set-Cookie")).containsExactly(
                "a=1; Path=/; Secure; HttpOnly; SameSite=Lax",
                "b=2; Path=/; Secure; SameSite=Strict");
    }

    @Test
    void redirectsSetLocation() throws Exception {
        HttpResponse<String> r = get("/redirect");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/json");
        assertThat(get("/moved").statusCode()).isEqualTo(301);
    }

    @Test
    void fileIsStreamedWithLengthAndType() throws Exception {
        HttpResponse<byte[]> r = http().send(HttpRequest.newBuilder(server().uri("/big-file")).timeout(TIMEOUT).build(),
                BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf(Files.size(suiteApp.bigFile)));
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(r.body()).isEqualTo(Files.readAllBytes(suiteApp.bigFile));
    }

    @Test
    void downloadNamesTheFile() throws Exception {
        HttpResponse<Void> r = http().send(HttpRequest.newBuilder(server().uri("/download")).timeout(TIMEOUT).build(),
                BodyHandlers.discarding());
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"r_sum_ data.bin\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20data.bin");
        assertError(get("/missing-file"), 404, "NOT_FOUND");
    }

    @Test
    void streamedResponseArrivesChunked() throws Exception {
        RawHttpResponse r = RawHttp.get(server().baseUri(), "/stream");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.complete()).isTrue();
        assertThat(r.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
        assertThat(SuiteApp.lines(r.bodyText())).hasSize(100).startsWith("line 0").endsWith("line 99");
    }

    @Test
    void serverSentEventsAreFramed() throws Exception {
        HttpResponse<String> r = get("/sse");
        assertThat(r.statusCode()).isEqualTo(200);
        assertContentType(r, "text/event-stream", "utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(r.body()).isEqualTo("id: 1\nevent: greeting\ndata: hello\ndata: world\n\n"
                + ": heartbeat\n\n"
                + "data: second\n\n");
    }

    @Test
    void sseNoticesAClientThatWentAway() throws Exception {
        HttpResponse<InputStream> r = http().send(HttpRequest.newBuilder(server().uri("/sse-forever")).timeout(TIMEOUT).build(),
                BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).startsWith("data: tick ");
        }
        // Closing the body stream makes the JDK client drop the connection: the next writes fail.
        assertThat(suiteApp.sseClientGone.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("the server noticed the SSE client left").isTrue();
        assertThat(json(get("/sse-gone")).get("gone").asBoolean()).isTrue();
    }

    // ------------------------------------------------------------------ errors

    @Test
    void anExceptionIsA500WithoutStackTrace() throws Exception {
        HttpResponse<String> r = get("/boom");
        assertError(r, 500, "INTERNAL_SERVER_ERROR");
        assertThat(r.body()).doesNotContain("secret internals").doesNotContain("Exception").doesNotContain("at dev.");
        assertThat(r.headers().firstValue("X-Outer")).as("headers set before the failure stay; after-code did not run")
                .hasValue("before");
    }

    @Test
    void httpExceptionCarriesStatusCodeAndDetails() throws Exception {
        HttpResponse<String> r = get("/teapot");
        assertError(r, 418, "TEAPOT");
        assertThat(json(r).get("hint").asText()).isEqualTo("coffee elsewhere");
    }

    @Test
    void headerWithCrLfFromAHandlerIsRefused() throws Exception {
        HttpResponse<String> r = get("/crlf");
        assertError(r, 500, "INTERNAL_SERVER_ERROR");
        assertThat(r.headers().firstValue("X-Injected")).isEmpty();
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void anErrorHandlerThatThrowsFallsBackToTheDefault500() throws Exception {
        HttpResponse<String> r = get("/error-handler-fails");
        assertError(r, 500, "INTERNAL_SERVER_ERROR");
        assertThat(json(r).has("handledBy")).isFalse();
    }

    @Test
    void aFailureAfterTheStreamStartedBreaksTheConnection() throws Exception {
        RawHttpResponse r = RawHttp.get(server().baseUri(), "/fail-mid-stream");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).startsWith("partial ").doesNotContain("INTERNAL_SERVER_ERROR");
        assertThat(r.complete()).as("the response must end abnormally, not look complete").isFalse();
    }

    @Test
    void aFailureAfterAnSseStreamStartedBreaksTheConnection() throws Exception {
        RawHttpResponse r = RawHttp.get(server().baseUri(), "/fail-mid-sse");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).startsWith("data: first").doesNotContain("INTERNAL_SERVER_ERROR");
        assertThat(r.complete()).isFalse();
    }

    // ------------------------------------------------------------------ bad input on the wire

    @Test
    void malformedPercentEncodingInThePathIs400() throws Exception {
        RawHttpResponse r = RawHttp.get(server().baseUri(), "/users/%zz");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertBalda400IfJson(r);
    }

    @Test
    void percentEncodingThatIsNotUtf8IsA400() throws Exception {
        RawHttpResponse r = RawHttp.get(server().baseUri(), "/users/%C3%28");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertBalda400IfJson(r);
    }

    @Test
    void malformedQueryIs400Json() throws Exception {
        RawHttpResponse r = RawHttp.get(server().baseUri(), "/query?q=%zz");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(JSON.readTree(r.bodyText()).get("code").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void nulInAParamIs400() throws Exception {
        RawHttpResponse r = RawHttp.get(server().baseUri(), "/users/a%00b");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertBalda400IfJson(r);
    }

    /** A container may refuse some URIs before Balda sees them; whatever answers, it is a 400, not a 500. */
    private static void assertBalda400IfJson(RawHttpResponse r) throws IOException {
        String type = r.header("Content-Type");
        if (type != null && type.startsWith("application/json")) {
            assertThat(JSON.readTree(r.bodyText()).get("code").asText()).isEqualTo("BAD_REQUEST");
        }
        assertThat(r.bodyText()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void manyConcurrentRequestsAllSucceed() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            futures.add(http().sendAsync(HttpRequest.newBuilder(server().uri("/users/" + i)).timeout(TIMEOUT).build(),
                    BodyHandlers.ofString()));
        }
        for (int i = 0; i < futures.size(); i++) {
            HttpResponse<String> r = futures.get(i).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(json(r).get("id").asText()).isEqualTo(String.valueOf(i));
        }
    }
}
