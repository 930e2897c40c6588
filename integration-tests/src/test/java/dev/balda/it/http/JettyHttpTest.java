package dev.balda.it.http;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link HttpSuite} on embedded Jetty 12 ee10. */
class JettyHttpTest extends HttpSuite {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.on(ContainerType.JETTY, () -> newApp().build());

    @Override
    EmbeddedServerExtension server() {
        return SERVER;
    }
}
