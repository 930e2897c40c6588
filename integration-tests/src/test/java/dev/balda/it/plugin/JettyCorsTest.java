package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link CorsSuite} on embedded Jetty. */
class JettyCorsTest extends CorsSuite {
    @Override
    ContainerType container() {
        return ContainerType.JETTY;
    }
}
