package dev.balda.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

// tag::junit-extension[]
class HealthOnJettyTest {
    @RegisterExtension
    static final EmbeddedServerExtension server = EmbeddedServerExtension.on(ContainerType.JETTY,
            () -> Balda.from(new ShopApp()));

    @Test
    void health(URI base, HttpClient http) throws Exception {
        var response = http.send(HttpRequest.newBuilder(base.resolve("/api/health")).build(), BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
    }
}
// end::junit-extension[]
