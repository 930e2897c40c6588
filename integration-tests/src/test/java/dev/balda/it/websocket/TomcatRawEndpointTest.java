package dev.balda.it.websocket;

import dev.balda.testkit.container.ContainerType;

/** {@link RawEndpointSuite} on embedded Tomcat 11. */
class TomcatRawEndpointTest extends RawEndpointSuite {
    @Override
    ContainerType type() {
        return ContainerType.TOMCAT;
    }
}
