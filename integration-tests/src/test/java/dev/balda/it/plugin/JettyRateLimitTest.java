package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;

/** {@link RateLimitSuite} on embedded Jetty. */
class JettyRateLimitTest extends RateLimitSuite {
    @Override
    ContainerType container() {
        return ContainerType.JETTY;
    }
}
