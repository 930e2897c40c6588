package dev.balda.testkit.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.Balda;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Embedded Jetty and Tomcat serve a Balda application and stop cleanly. */
class EmbeddedServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static Balda app() {
        Balda app = Balda.create();
        app.get("/hello", (req, res) -> "hello from " + req.contextPath() + req.path());
        app.get("/info", (req, res) -> Map.of("contextPath", req.contextPath(), "ip", req.ip()));
        return app;
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        return client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void servesAnApplicationAndRefusesConnectionsOnceStopped(ContainerType type) throws Exception {
        EmbeddedServer server = EmbeddedServer.start(type, app());
        URI base;
        try {
            assertThat(server.type()).isEqualTo(type);
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isPositive();
            base = server.baseUri();
            assertThat(base).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
            assertThat(server.uri("/hello")).isEqualTo(URI.create(base + "/hello"));
            assertThat(server.uri("hello")).isEqualTo(server.uri("/hello"));
            assertThat(server.webSocketBaseUri()).isEqualTo(URI.create("ws://127.0.0.1:" + server.port()));

            HttpResponse<String> r = get(server.uri("/hello"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello from /hello");
            HttpResponse<String> missing = get(server.uri("/missing"));
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("ROUTE_NOT_FOUND");
        } finally {
            server.stop();
        }
        assertThat(server.isRunning()).isFalse();
        server.stop(); // idempotent
        assertThatThrownBy(() -> get(URI.create(base + "/hello"))).isInstanceOf(ConnectException.class);
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void servesUnderAContextPath(ContainerType type) throws Exception {
        try (EmbeddedServer server = EmbeddedServer.builder(type).contextPath("/shop").application(app()).start()) {
            assertThat(server.baseUri().toString()).endsWith(":" + server.port() + "/shop");
            assertThat(server.uri("/hello").getPath()).isEqualTo("/shop/hello");

            HttpResponse<String> r = get(server.uri("/hello"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello from /shop/hello");
            assertThat(get(server.uri("/info")).body()).contains("\"contextPath\":\"/shop\"").contains("\"ip\":\"127.0.0.1\"");
        }
    }

    @Test
    void refusesABuilderWithNothingToServe() {
        assertThatThrownBy(() -> EmbeddedServer.builder(ContainerType.JETTY).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Nothing to serve");
        assertThatThrownBy(() -> EmbeddedServer.builder(ContainerType.TOMCAT).contextPath("shop/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contextPath");
    }
}
