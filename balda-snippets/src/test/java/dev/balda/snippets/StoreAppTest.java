package dev.balda.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's plugins example on Jetty: the WAR's page, the security headers, the cache and its invalidation. */
class StoreAppTest {
    @Test
    void thePluginsAtWork() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (EmbeddedServer server = EmbeddedServer.builder(ContainerType.JETTY).application(Balda.from(new StoreApp()))
                .staticFiles(Path.of("src/test/resources/site")).start()) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.uri("/")).build(), BodyHandlers.ofString());
            assertTrue(page.body().contains("A file from the WAR"), page.body());
            assertEquals("default-src 'self'", page.headers().firstValue("Content-Security-Policy").orElse(""));
            assertEquals("100", page.headers().firstValue("RateLimit-Limit").orElse(""));

            HttpResponse<String> created = http.send(HttpRequest.newBuilder(server.uri("/api/users"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}"))
                    .build(), BodyHandlers.ofString());
            assertEquals(201, created.statusCode());
            assertEquals("MISS", cacheOf(http, server));
            assertEquals("HIT", cacheOf(http, server));
            http.send(HttpRequest.newBuilder(server.uri("/api/users")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Grace\"}")).build(), BodyHandlers.ofString());
            assertEquals("MISS", cacheOf(http, server), "adding a user invalidated the users tag");
        }
    }

    private static String cacheOf(HttpClient http, EmbeddedServer server) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri("/api/users/1")).build(), BodyHandlers.ofString())
                .headers().firstValue("X-Cache").orElse("none");
    }
}
