package dev.balda.plugin.cors;

import static dev.balda.Exchanges.jsonMap;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.Balda;
import dev.balda.internal.MemoryExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CorsPluginTest {
    private final List<String> reached = new ArrayList<>();

    private Balda app(CorsPlugin cors) {
        Balda app = Balda.create();
        app.use(cors);
        app.get("/api", (req, res) -> {
            reached.add("GET /api");
            return res.header("Vary", "Accept-Language").send("data");
        });
        app.put("/api", (req, res) -> "put");
        app.options("/api/options", (req, res) -> {
            reached.add("OPTIONS route");
            return "own";
        });
        return app;
    }

    private static MemoryExchange preflight(Balda app, String origin, String method, String headers) {
        MemoryExchange.Builder request = MemoryExchange.request("OPTIONS", "/api").header("Origin", origin)
                .header("Access-Control-Request-Method", method);
        if (headers != null) {
            request.header("Access-Control-Request-Headers", headers);
        }
        return run(app, request);
    }

    private static MemoryExchange simple(Balda app, String origin) {
        return run(app, MemoryExchange.request("GET", "/api").header("Origin", origin));
    }

    @Test
    void aPreflightIsAnsweredWithoutReachingARoute() {
        Balda app = app(CorsPlugin.builder().origin("https://app.example.com").maxAge(Duration.ofMinutes(10)).build());

        MemoryExchange ex = preflight(app, "https://app.example.com", "PUT", "Content-Type");

        assertThat(ex.status()).isEqualTo(204);
        assertThat(ex.responseHeader("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(ex.responseHeader("Access-Control-Allow-Methods")).isEqualTo("GET, HEAD, PUT, PATCH, POST, DELETE");
        assertThat(ex.responseHeader("Access-Control-Allow-Headers")).isEqualTo("Content-Type, Accept, Authorization");
        assertThat(ex.responseHeader("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(ex.responseHeader("Access-Control-Allow-Credentials")).isNull();
        assertThat(ex.responseHeaders("Vary")).containsExactly("Origin");
        assertThat(ex.responseBodyText()).isEmpty();
        assertThat(reached).isEmpty();
    }

    @Test
    void aPreflightNeverReachesAnExplicitOptionsRouteEither() {
        Balda app = app(CorsPlugin.builder().origin("https://app.example.com").build());

        MemoryExchange ex = run(app, MemoryExchange.request("OPTIONS", "/api/options").header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "GET"));

        assertThat(ex.status()).isEqualTo(204);
        assertThat(reached).isEmpty();
    }

    @Test
    void aPreflightFromARefusedOriginIs403() {
        Balda app = app(CorsPlugin.builder().origin("https://app.example.com").build());

        MemoryExchange ex = preflight(app, "https://evil.example.net", "GET", null);

        assertThat(ex.status()).isEqualTo(403);
        assertThat(jsonMap(ex)).containsEntry("code", "CORS_ORIGIN_NOT_ALLOWED");
        assertThat(ex.responseHeader("Access-Control-Allow-Origin")).isNull();
        assertThat(ex.responseHeaders("Vary")).containsExactly("Origin");
    }

    @Test
    void aPreflightForAMethodNotListedIs403() {
        Balda app = app(CorsPlugin.builder().origin("https://app.example.com").methods("GET", "POST").build());

        MemoryExchange ex = preflight(app, "https://app.example.com", "DELETE", null);

        assertThat(ex.status()).isEqualTo(403);
        assertThat(jsonMap(ex)).containsEntry("code", "CORS_METHOD_NOT_ALLOWED");
        assertThat(ex.responseHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void anAllowedSimpleRequestGetsItsHeadersAndVaryIsMerged() {
        Balda app = app(CorsPlugin.builder().origin("https://app.example.com").credentials(true)
                .exposedHeaders("X-Total", "ETag").build());

        MemoryExchange ex = simple(app, "https://app.example.com");

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseHeader("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(ex.responseHeader("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(ex.responseHeader("Access-Control-Expose-Headers")).isEqualTo("X-Total, ETag");
        assertThat(ex.responseHeaders("Vary")).as("the handler's Vary was replaced by res.header, CORS merged its own")
                .containsExactly("Accept-Language");
    }

    @Test
    void aRefusedOriginOnASimpleRequestGetsNoCorsHeadersButRuns() {
        Balda app = app(CorsPlugin.builder().origin("https://app.example.com").build());

        MemoryExchange ex = simple(app, "https://evil.example.net");

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseBodyText()).isEqualTo("data");
        assertThat(ex.responseHeaders().names()).noneMatch(name -> name.startsWith("Access-Control-"));
    }

    @Test
    void varyOriginIsMergedWithWhatTheRouteAdds() {
        Balda app = Balda.create();
        app.use(CorsPlugin.builder().origin("https://app.example.com").build());
        app.get("/", (req, res) -> res.vary("Accept-Language").send("x"));

        assertThat(simple2(app).responseHeaders("Vary")).containsExactly("Origin, Accept-Language");
    }

    private static MemoryExchange simple2(Balda app) {
        return run(app, MemoryExchange.request("GET", "/").header("Origin", "https://other.example"));
    }

    @Test
    void patternsMatchTheWholeOriginAloneAndInLists() {
        Pattern previews = Pattern.compile("https://[a-z0-9-]+\\.preview\\.example\\.com");
        Balda alone = app(CorsPlugin.builder().origin(previews).build());
        Balda listed = app(CorsPlugin.builder().origin("https://app.example.com").origin(previews)
                .origin(origin -> origin.endsWith(".partner.test")).build());

        assertThat(simple(alone, "https://pr-12.preview.example.com").responseHeader("Access-Control-Allow-Origin"))
                .isEqualTo("https://pr-12.preview.example.com");
        assertThat(simple(alone, "https://pr-12.preview.example.com.evil.net").responseHeader("Access-Control-Allow-Origin"))
                .as("a pattern must match the whole origin").isNull();
        assertThat(simple(listed, "https://app.example.com").responseHeader("Access-Control-Allow-Origin")).isNotNull();
        assertThat(simple(listed, "https://pr-3.preview.example.com").responseHeader("Access-Control-Allow-Origin")).isNotNull();
        assertThat(simple(listed, "https://x.partner.test").responseHeader("Access-Control-Allow-Origin")).isNotNull();
        assertThat(simple(listed, "https://other.test").responseHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void exactOriginsCompareWithoutCaseAndWithDefaultPorts() {
        Balda app = app(CorsPlugin.builder().origin("HTTPS://App.Example.com:443", "http://localhost:8080").build());

        assertThat(simple(app, "https://app.example.com").responseHeader("Access-Control-Allow-Origin"))
                .isEqualTo("https://app.example.com");
        assertThat(simple(app, "http://localhost:8080").responseHeader("Access-Control-Allow-Origin")).isNotNull();
        assertThat(simple(app, "http://localhost:8081").responseHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void anyOriginIsAStarWithoutVary() {
        Balda app = app(CorsPlugin.builder().origin("*").build());

        MemoryExchange ex = simple(app, "https://anyone.example");

        assertThat(ex.responseHeader("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(ex.responseHeaders("Vary")).containsExactly("Accept-Language");
    }

    @Test
    void optionsSuccessStatusAndAllowedHeadersAreOptions() {
        Balda app = app(CorsPlugin.builder().origin("https://a.example").optionsSuccessStatus(200)
                .allowedHeaders("X-Requested-With").build());

        MemoryExchange ex = preflight(app, "https://a.example", "GET", "X-Requested-With");

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseHeader("Access-Control-Allow-Headers")).isEqualTo("X-Requested-With");
    }

    @Test
    void requestsWithoutOriginAreNotCorsRequests() {
        Balda app = app(CorsPlugin.builder().origin("https://a.example").build());

        MemoryExchange ex = run(app, MemoryExchange.request("OPTIONS", "/api").header("Access-Control-Request-Method", "PUT"));

        assertThat(ex.status()).as("the pipeline's own OPTIONS answer").isEqualTo(204);
        assertThat(ex.responseHeader("Allow")).isNotNull();
        assertThat(ex.responseHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void anUpgradeFromARefusedOriginIsRefusedButTheOwnOriginPasses() {
        Balda app = Balda.create();
        app.use(CorsPlugin.builder().origin("https://app.example.com").build());
        app.get("/socket", (req, res) -> "would upgrade");

        MemoryExchange refused = run(app, upgrade("https://evil.example.net"));
        MemoryExchange own = run(app, upgrade("http://localhost"));
        MemoryExchange allowed = run(app, upgrade("https://app.example.com"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(jsonMap(refused)).containsEntry("code", "CORS_ORIGIN_NOT_ALLOWED");
        assertThat(own.status()).isEqualTo(200);
        assertThat(allowed.status()).isEqualTo(200);
    }

    @Test
    void anH2cUpgradeAttemptIsAnOrdinaryRequest() {
        Balda app = Balda.create();
        app.use(CorsPlugin.builder().origin("https://app.example.com").build());
        app.get("/socket", (req, res) -> "plain");

        MemoryExchange ex = run(app, MemoryExchange.request("GET", "/socket").header("Connection", "Upgrade, HTTP2-Settings")
                .header("Upgrade", "h2c").header("Origin", "https://evil.example.net"));

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseHeader("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void upgradeGuardCanBeTurnedOff() {
        Balda app = Balda.create();
        app.use(CorsPlugin.builder().origin("https://app.example.com").guardUpgrades(false).build());
        app.get("/socket", (req, res) -> "would upgrade");

        assertThat(run(app, upgrade("https://evil.example.net")).status()).isEqualTo(200);
    }

    private static MemoryExchange.Builder upgrade(String origin) {
        return MemoryExchange.request("GET", "/socket").header("Host", "localhost").header("Connection", "Upgrade")
                .header("Upgrade", "websocket").header("Origin", origin);
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> CorsPlugin.builder().build())
                .withMessageContaining("origin is required");
        assertThatIllegalArgumentException().isThrownBy(() -> CorsPlugin.builder().origin("*").credentials(true).build())
                .withMessageContaining("\"*\" with credentials(true)");
        assertThatIllegalArgumentException().isThrownBy(() -> CorsPlugin.builder().origin("*", "https://a.example").build())
                .withMessageContaining("list it alone");
        assertThatIllegalArgumentException().isThrownBy(() -> CorsPlugin.builder().origin("https://a.example/").build())
                .withMessageContaining("trailing slash");
        assertThatIllegalArgumentException().isThrownBy(() -> CorsPlugin.builder().origin("a.example").build())
                .withMessageContaining("scheme://host");
        assertThatIllegalArgumentException().isThrownBy(() -> CorsPlugin.builder().origin("null").build())
                .withMessageContaining("sandboxed");
        assertThatIllegalArgumentException().isThrownBy(() -> CorsPlugin.builder().origin("https://a.example")
                .credentials(true).allowedHeaders("*").build()).withMessageContaining("taken literally");
        assertThatIllegalArgumentException().isThrownBy(() -> CorsPlugin.builder().origin("https://a.example")
                .methods("GET POST").build()).withMessageContaining("methods");
        assertThatIllegalArgumentException().isThrownBy(() -> CorsPlugin.builder().origin("https://a.example")
                .maxAge(Duration.ofSeconds(-1)).build()).withMessageContaining("maxAge");
        assertThatIllegalArgumentException().isThrownBy(() -> CorsPlugin.builder().origin("https://a.example")
                .optionsSuccessStatus(301).build()).withMessageContaining("optionsSuccessStatus");
    }
}
