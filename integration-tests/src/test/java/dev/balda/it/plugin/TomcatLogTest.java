package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link LogSuite} on embedded Tomcat. */
class TomcatLogTest extends LogSuite {
    @Override
    ContainerType container() {
        return ContainerType.TOMCAT;
    }
}
