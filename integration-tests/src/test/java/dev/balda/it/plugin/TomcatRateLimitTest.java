package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link RateLimitSuite} on embedded Tomcat. */
class TomcatRateLimitTest extends RateLimitSuite {
    @Override
    ContainerType container() {
        return ContainerType.TOMCAT;
    }
}
