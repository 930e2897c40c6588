package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CookieSessionSuite} on embedded Jetty. */
class JettyCookieSessionTest extends CookieSessionSuite {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.custom(ContainerType.JETTY, CookieSessionSuite::setUp);

    @Override
    EmbeddedServerExtension server() {
        return SERVER;
    }
}
