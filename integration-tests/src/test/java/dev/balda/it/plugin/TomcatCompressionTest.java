package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link CompressionSuite} on embedded Tomcat. */
class TomcatCompressionTest extends CompressionSuite {
    @Override
    ContainerType container() {
        return ContainerType.TOMCAT;
    }
}
