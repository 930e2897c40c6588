package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link CacheSuite} on embedded Jetty. */
class JettyCacheTest extends CacheSuite {
    @Override
    ContainerType container() {
        return ContainerType.JETTY;
    }
}
