package dev.balda.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the README says about static files: the filter owns every path, so a file beside the
 * application answers the JSON 404, unless the application serves it with the static plugin or
 * turns pass-through on.
 */
class StaticFilesTest {
    private static final Path SITE = Path.of("src/test/resources/site");

    private static HttpResponse<String> getIndex(BaldaApplication application) throws Exception {
        try (EmbeddedServer server = EmbeddedServer.builder(ContainerType.JETTY)
                .application(Balda.from(application)).staticFiles(SITE).start()) {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri("/index.html")).build(),
                    BodyHandlers.ofString());
        }
    }

    @Test
    void byDefaultAStaticFileIsTheJson404() throws Exception {
        HttpResponse<String> response = getIndex(new ShopApp());
        assertEquals(404, response.statusCode());
        assertEquals("{\"code\":\"ROUTE_NOT_FOUND\",\"message\":\"Cannot GET /index.html\"}", response.body());
    }

    @Test
    void withTheStaticPluginBaldaServesItInOneLine() throws Exception {
        HttpResponse<String> response = getIndex(new StaticSiteApp());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("A file from the WAR"), response.body());
        assertTrue(response.headers().firstValue("ETag").isPresent(), "served by Balda's plugin, with its validators");
    }

    @Test
    void withPassThroughTheContainerServesIt() throws Exception {
        HttpResponse<String> response = getIndex(new SiteApp());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("A file from the WAR"), response.body());
    }
}
