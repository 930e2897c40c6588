package dev.balda.it.websocket;

import dev.balda.testkit.container.ContainerType;

/** {@link RawEndpointSuite} on embedded Jetty 12 ee10. */
class JettyRawEndpointTest extends RawEndpointSuite {
    @Override
    ContainerType type() {
        return ContainerType.JETTY;
    }
}
