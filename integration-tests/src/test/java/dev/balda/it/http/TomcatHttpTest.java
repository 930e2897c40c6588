package dev.balda.it.http;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link HttpSuite} on embedded Tomcat 11. */
class TomcatHttpTest extends HttpSuite {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.on(ContainerType.TOMCAT, () -> newApp().build());

    @Override
    EmbeddedServerExtension server() {
        return SERVER;
    }
}
