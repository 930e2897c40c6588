package dev.balda.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.balda.testkit.shrinkwrap.BaldaArchives;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's Arquillian example. It only compiles here (this module has no Arquillian container
 * adapter, and no failsafe run picks up {@code *IT}); war-example's {@code ExampleArquillianIT}
 * runs the same shape on embedded Tomcat.
 */
// tag::arquillian[]
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ShopArquillianIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return BaldaArchives.applicationWar("shop.war", ShopApp.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void health() throws Exception {
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.toURI().resolve("api/health")).build(), BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
    }
}
// end::arquillian[]
