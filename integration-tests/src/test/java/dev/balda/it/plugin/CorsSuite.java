package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.Balda;
import dev.balda.plugin.cors.CorsPlugin;
import dev.balda.testkit.websocket.HandshakeRefusedException;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSockets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The CORS plugin over real HTTP, WebSocket handshakes included. */
abstract class CorsSuite extends PluginSuite {
    static final String APP = "https://app.example.com";
    final AtomicInteger routeRuns = new AtomicInteger();

    @Override
    Balda app() {
        Balda app = Balda.create();
        app.use(CorsPlugin.builder()
                .origin(APP)
                .origin(Pattern.compile("https://[a-z0-9-]+\\.preview\\.example\\.com"))
                .methods("GET", "PUT")
                .credentials(true)
                .exposedHeaders("X-Total")
                .maxAge(Duration.ofMinutes(10))
                .build());
        app.get("/api/items", (req, res) -> {
            routeRuns.incrementAndGet();
            return res.header("X-Total", "2").vary("Accept-Language").json(java.util.List.of("a", "b"));
        });
        app.put("/api/items", (req, res) -> {
            routeRuns.incrementAndGet();
            return res.noContent();
        });
        app.delete("/api/items", (req, res) -> res.noContent());
        WebSockets.on(app).route("/ws/echo", new WebSocketHandler<Void>() {
            @Override
            public void message(WebSocket<Void> ws, WebSocketMessage message) {
                ws.send("echo " + message.text());
            }
        });
        return app;
    }

    HttpResponse<String> preflight(String origin, String method) throws Exception {
        return send("OPTIONS", "/api/items", "Origin", origin, "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", "content-type");
    }

    @Test
    void anAllowedPreflightIsAnsweredWithoutReachingTheRoute() throws Exception {
        int before = routeRuns.get();

        HttpResponse<String> r = preflight(APP, "PUT");

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, PUT");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Content-Type, Accept, Authorization");
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(r.headers().allValues("Vary")).containsExactly("Origin");
        assertThat(r.body()).isEmpty();
        assertThat(routeRuns).hasValue(before);
    }

    @Test
    void aPreflightForADisallowedMethodIs403() throws Exception {
        HttpResponse<String> r = preflight(APP, "DELETE");

        assertError(r, 403, "CORS_METHOD_NOT_ALLOWED");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aPreflightFromARefusedOriginIs403() throws Exception {
        HttpResponse<String> r = preflight("https://evil.example.net", "GET");

        assertError(r, 403, "CORS_ORIGIN_NOT_ALLOWED");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aSimpleRequestFromARefusedOriginGetsNoCorsHeaders() throws Exception {
        HttpResponse<String> r = get("/api/items", "Origin", "https://evil.example.net");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
        assertThat(r.headers().allValues("Vary")).containsExactly("Origin, Accept-Language");
    }

    @Test
    void anAllowedSimpleRequestGetsItsHeadersAndOneMergedVary() throws Exception {
        HttpResponse<String> r = get("/api/items", "Origin", APP);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(r.headers().firstValue("Access-Control-Expose-Headers")).hasValue("X-Total");
        assertThat(r.headers().allValues("Vary")).containsExactly("Origin, Accept-Language");
    }

    @Test
    void aPatternInTheListAllowsWholeOriginsOnly() throws Exception {
        assertThat(get("/api/items", "Origin", "https://pr-7.preview.example.com").headers()
                .firstValue("Access-Control-Allow-Origin")).hasValue("https://pr-7.preview.example.com");
        assertThat(get("/api/items", "Origin", "https://pr-7.preview.example.com.evil.net").headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aWebSocketHandshakeFromARefusedOriginIs403BeforeTheUpgrade() {
        assertThatThrownBy(() -> webSockets().request("/ws/echo").origin("https://evil.example.net").connect())
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> {
                    assertThat(e.response().status()).isEqualTo(403);
                    assertThat(e.response().bodyText()).contains("CORS_ORIGIN_NOT_ALLOWED");
                });
    }

    @Test
    void aWebSocketFromAnAllowedOriginOrTheServersOwnPageConnects() throws Exception {
        String own = "http://" + server.baseUri().getHost() + ":" + server.port();
        for (String origin : new String[] {APP, own}) {
            try (TestWebSocket ws = webSockets().request("/ws/echo").origin(origin).connect()) {
                ws.sendText("hi");
                assertThat(ws.awaitText()).as(origin).isEqualTo("echo hi");
            }
        }
    }
}
