package dev.balda.it.install;

import dev.balda.testkit.container.ContainerType;

/** {@link InstallationSuite} on embedded Jetty 12 ee10 (WebAppContext). */
class JettyInstallationTest extends InstallationSuite {
    @Override
    ContainerType type() {
        return ContainerType.JETTY;
    }
}
