package dev.balda.it.install;

import dev.balda.testkit.container.ContainerType;

/** {@link InstallationSuite} on embedded Tomcat 11 (addWebapp). */
class TomcatInstallationTest extends InstallationSuite {
    @Override
    ContainerType type() {
        return ContainerType.TOMCAT;
    }
}
