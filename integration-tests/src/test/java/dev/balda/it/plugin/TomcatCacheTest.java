package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link CacheSuite} on embedded Tomcat. */
class TomcatCacheTest extends CacheSuite {
    @Override
    ContainerType container() {
        return ContainerType.TOMCAT;
    }
}
