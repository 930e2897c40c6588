package dev.balda.it.websocket;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;

/** The conformance suite on embedded Jetty 12 ee10. */
class JettyWebSocketTest extends WebSocketConformanceSuite {
    @Override
    WsTarget start(Balda app) {
        return new ContainerTarget(ContainerType.JETTY, app);
    }
}
