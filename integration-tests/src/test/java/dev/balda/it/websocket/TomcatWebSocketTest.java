package dev.balda.it.websocket;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;

/** The conformance suite on embedded Tomcat 11. */
class TomcatWebSocketTest extends WebSocketConformanceSuite {
    @Override
    WsTarget start(Balda app) {
        return new ContainerTarget(ContainerType.TOMCAT, app);
    }
}
