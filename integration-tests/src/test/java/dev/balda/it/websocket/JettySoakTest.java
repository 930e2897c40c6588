package dev.balda.it.websocket;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;

/** The soak on embedded Jetty. */
class JettySoakTest extends WebSocketSoakSuite {
    @Override
    WsTarget start(Balda app) {
        return new ContainerTarget(ContainerType.JETTY, app);
    }

    @Override
    boolean inRequestPool(String threadName) {
        return threadName.startsWith("qtp");
    }
}
