package dev.balda.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.balda.Balda;
import dev.balda.testkit.mock.MockServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's plugin example runs: the mock server goes through the same plugins. */
class PluginsAppMockTest {
    @Test
    void theReportSeesTheTenantThroughTheRequestContext() {
        MockServer server = MockServer.of(Balda.from(new PluginsApp()));
        server.get("/report").header("X-Tenant", "acme").send().assertStatus(200)
                .assertBodyDeepEqual(Map.of("tenant", "acme"));
        assertEquals(204, server.post("/login").form("user", "ada").send().status());
    }
}
