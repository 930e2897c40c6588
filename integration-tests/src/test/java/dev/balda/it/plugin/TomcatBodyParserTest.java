package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link BodyParserSuite} on embedded Tomcat 11. */
class TomcatBodyParserTest extends BodyParserSuite {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.on(ContainerType.TOMCAT, BodyParserSuite::newApp);

    @Override
    EmbeddedServerExtension server() {
        return SERVER;
    }
}
