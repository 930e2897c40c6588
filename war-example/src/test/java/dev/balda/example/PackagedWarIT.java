package dev.balda.example;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * The WAR this build packaged, deployed as a file into embedded Tomcat: no web.xml, so this also
 * proves zero-configuration installation of the real artifact. (The same WAR on Jetty: the
 * standalone Jetty distribution in standalone-tests, and the run profile.)
 */
class PackagedWarIT {
    static Path war() {
        String path = System.getProperty("example.war");
        if (path == null) {
            throw new IllegalStateException("Run through Maven (failsafe sets example.war to the packaged WAR)");
        }
        return Path.of(path);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnTomcat extends ExampleAppSuite {
        EmbeddedServer server;

        @BeforeAll
        void deploy() {
            server = EmbeddedServer.builder(ContainerType.TOMCAT).war(war()).contextPath("/example").start();
        }

        @AfterAll
        void undeploy() {
            if (server != null) {
                server.stop();
            }
        }

        @Override
        URI uri(String path) {
            return server.uri(path);
        }
    }
}
