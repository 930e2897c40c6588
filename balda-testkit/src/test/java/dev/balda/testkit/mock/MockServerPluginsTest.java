package dev.balda.testkit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.plugin.cache.CachePlugin;
import dev.balda.plugin.compression.CompressionPlugin;
import dev.balda.plugin.cors.CorsPlugin;
import dev.balda.plugin.helmet.HelmetPlugin;
import dev.balda.plugin.log.LogPlugin;
import dev.balda.plugin.ratelimit.RateLimitPlugin;
import dev.balda.plugin.staticfiles.StaticPlugin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mock server runs the plugins' very code: every plugin of part two, without a container. */
class MockServerPluginsTest {
    @TempDir
    Path files;

    private final AtomicInteger computed = new AtomicInteger();
    private Balda app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private MockServer server() throws IOException {
        Files.writeString(files.resolve("app.js"), "console.log('" + "x".repeat(2000) + "');");
        app = Balda.create();
        app.use(LogPlugin.defaults(),
                HelmetPlugin.defaults(),
                CorsPlugin.builder().origin("https://app.example.com").build(),
                RateLimitPlugin.builder().limit(3).key(req -> req.header("X-Client")).build(),
                CompressionPlugin.defaults(),
                StaticPlugin.builder().directory(files).prefix("/static").build());
        app.get("/report", RouteOptions.of(CachePlugin.defaults()), (req, res) -> Map.of("run", computed.incrementAndGet()));
        return MockServer.of(app);
    }

    @Test
    void helmetCorsAndTheRateLimitHeaders() throws IOException {
        MockServer server = server();

        server.get("/report").header("Origin", "https://app.example.com").header("X-Client", "c1").send()
                .assertStatus(200)
                .assertHeader("Content-Security-Policy", "default-src 'self'")
                .assertHeader("Access-Control-Allow-Origin", "https://app.example.com")
                .assertHeader("RateLimit-Limit", "3")
                .assertHeader("RateLimit-Remaining", "2");
        server.request("OPTIONS", "/report").header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "GET").header("X-Client", "c1").send()
                .assertStatus(403)
                .assertBodySubset(Map.of("code", "CORS_ORIGIN_NOT_ALLOWED"));
        server.get("/report").header("X-Client", "c1").send().assertStatus(200);
        server.get("/report").header("X-Client", "c1").send().assertStatus(429).assertHeaderExists("Retry-After");
    }

    @Test
    void staticFilesCompressionAndTheCache() throws IOException {
        MockServer server = server();

        MockResponse file = server.get("/static/app.js").header("Accept-Encoding", "gzip").send()
                .assertStatus(200)
                .assertHeader("Content-Encoding", "gzip")
                .assertHeader("Vary", "Origin, Accept-Encoding");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file.bytes()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("console.log('xxx");
        }
        server.get("/static/app.js").header("If-None-Match", file.header("ETag")).send().assertStatus(304);

        server.get("/report").send().assertHeader("X-Cache", "MISS").assertBodyDeepEqual(Map.of("run", 1));
        server.get("/report").send().assertHeader("X-Cache", "HIT").assertBodyDeepEqual(Map.of("run", 1));
    }

    @Test
    void theWarsFilesComeFromSrcMainWebappOutsideAContainer() throws IOException {
        Path webapp = Path.of("src", "main", "webapp");
        assertThat(Files.exists(webapp)).as("this module has no WAR resources, so nothing is found").isFalse();
        Balda withWebapp = Balda.create();
        withWebapp.use(StaticPlugin.webapp());
        withWebapp.get("/api", (req, res) -> "route");

        MockServer.of(withWebapp).get("/index.html").send().assertStatus(404)
                .assertBodySubset(Map.of("code", "ROUTE_NOT_FOUND"));
        MockServer.of(withWebapp).get("/api").send().assertStatus(200);
    }
}
