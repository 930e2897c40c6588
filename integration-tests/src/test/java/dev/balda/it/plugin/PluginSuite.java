package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import dev.balda.testkit.http.RawHttp;
import dev.balda.testkit.http.RawHttpResponse;
import dev.balda.testkit.websocket.WebSocketTestClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What every plugin suite shares: the suite's application on the subclass's container (started
 * once per class), an HTTP/1.1 client that neither follows redirects nor decompresses, raw HTTP
 * and WebSocket clients, and the error-body assertion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PluginSuite {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    EmbeddedServer server;

    /** The container this subclass runs the suite on. */
    abstract ContainerType container();

    /** The suite's application. */
    abstract Balda app() throws Exception;

    /** More set-up of the server, such as a static root for the servlet context. */
    EmbeddedServer.Builder configure(EmbeddedServer.Builder builder) throws Exception {
        return builder;
    }

    @BeforeAll
    void startServer() throws Exception {
        server = configure(EmbeddedServer.builder(container()).application(app())).start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    HttpRequest.Builder request(String method, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        return http.send(request(method, path, headers).build(), BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
        return http.send(request("GET", path, headers).build(), BodyHandlers.ofByteArray());
    }

    /** A {@code GET} of a target sent byte for byte, however malformed. */
    RawHttpResponse raw(String target) throws IOException {
        return RawHttp.get(server.baseUri(), target);
    }

    WebSocketTestClient webSockets() {
        return WebSocketTestClient.of(server.baseUri()).timeout(TIMEOUT);
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    static void assertError(HttpResponse<String> r, int status, String code) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json(r.body()).get("code").asText()).isEqualTo(code);
    }
}
