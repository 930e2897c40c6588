package dev.balda.it.websocket;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;

/** The soak on embedded Tomcat. */
class TomcatSoakTest extends WebSocketSoakSuite {
    @Override
    WsTarget start(Balda app) {
        return new ContainerTarget(ContainerType.TOMCAT, app);
    }

    @Override
    boolean inRequestPool(String threadName) {
        return threadName.contains("-exec-");
    }
}
