package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link CorsSuite} on embedded Tomcat. */
class TomcatCorsTest extends CorsSuite {
    @Override
    ContainerType container() {
        return ContainerType.TOMCAT;
    }
}
