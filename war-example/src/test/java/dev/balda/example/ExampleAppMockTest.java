package dev.balda.example;

import dev.balda.Balda;
import dev.balda.testkit.mock.MockServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The example in the testkit's mock server: the same plugins run there, and the static plugin,
 * without a servlet context, reads the WAR's files from {@code src/main/webapp}.
 */
class ExampleAppMockTest {
    private final Balda app = Balda.from(new ExampleApp());
    private final MockServer server = MockServer.of(app);

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void theAssetsComeFromSrcMainWebapp() {
        server.get("/assets/chat.js").send()
                .assertStatus(200)
                .assertHeader("Cache-Control", "public, max-age=3600")
                .assertHeaderExists("ETag")
                .assertThat("is the page's script", r -> r.text().contains("new WebSocket(url)"));
    }

    @Test
    void thePluginsAnswerAsOnAContainer() {
        server.get("/api/health").send()
                .assertStatus(200)
                .assertHeader("X-Frame-Options", "SAMEORIGIN");
        server.request("OPTIONS", "/api/users").header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "POST").send()
                .assertStatus(403)
                .assertBodySubset(Map.of("code", "CORS_ORIGIN_NOT_ALLOWED"));
    }
}
