package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BodyParserSuite} on embedded Jetty 12 ee10. */
class JettyBodyParserTest extends BodyParserSuite {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.on(ContainerType.JETTY, BodyParserSuite::newApp);

    @Override
    EmbeddedServerExtension server() {
        return SERVER;
    }
}
