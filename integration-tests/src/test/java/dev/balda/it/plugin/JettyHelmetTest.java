package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link HelmetSuite} on embedded Jetty. */
class JettyHelmetTest extends HelmetSuite {
    @Override
    ContainerType container() {
        return ContainerType.JETTY;
    }
}
