package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link HelmetSuite} on embedded Tomcat. */
class TomcatHelmetTest extends HelmetSuite {
    @Override
    ContainerType container() {
        return ContainerType.TOMCAT;
    }
}
