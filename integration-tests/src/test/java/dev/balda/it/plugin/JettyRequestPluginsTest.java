package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RequestPluginsSuite} on embedded Jetty. */
class JettyRequestPluginsTest extends RequestPluginsSuite {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.custom(ContainerType.JETTY, RequestPluginsSuite::setUp);

    @Override
    EmbeddedServerExtension server() {
        return SERVER;
    }
}
