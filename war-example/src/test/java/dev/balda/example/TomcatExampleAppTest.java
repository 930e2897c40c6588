package dev.balda.example;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example registered programmatically on embedded Tomcat 11, with {@code src/main/webapp} as
 * the context's resources, as the WAR has them.
 */
class TomcatExampleAppTest extends ExampleAppSuite {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.custom(ContainerType.TOMCAT,
            server -> server.application(Balda.from(new ExampleApp())).staticFiles(Path.of("src", "main", "webapp")));

    @Override
    URI uri(String path) {
        return SERVER.uri(path);
    }
}
