package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link CompressionSuite} on embedded Jetty. */
class JettyCompressionTest extends CompressionSuite {
    @Override
    ContainerType container() {
        return ContainerType.JETTY;
    }
}
