package dev.balda.example;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import java.net.URI;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example registered programmatically on embedded Jetty 12. */
class JettyExampleAppTest extends ExampleAppSuite {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER =
            EmbeddedServerExtension.on(ContainerType.JETTY, () -> Balda.from(new ExampleApp()));

    @Override
    URI uri(String path) {
        return SERVER.uri(path);
    }
}
