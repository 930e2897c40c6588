package dev.balda.it.websocket;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;

/** The fault suite on embedded Jetty. */
class JettyFaultTest extends WebSocketFaultSuite {
    @Override
    WsTarget start(Balda app) {
        return new ContainerTarget(ContainerType.JETTY, app);
    }
}
