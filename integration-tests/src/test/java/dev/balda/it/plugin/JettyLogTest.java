package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link LogSuite} on embedded Jetty. */
class JettyLogTest extends LogSuite {
    @Override
    ContainerType container() {
        return ContainerType.JETTY;
    }
}
