package dev.balda.it.websocket;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import java.net.URI;

/** Embedded Jetty or Tomcat from the testkit, serving a Balda application. */
final class ContainerTarget implements WsTarget {
    private final EmbeddedServer server;

    ContainerTarget(ContainerType type, Balda app) {
        this.server = EmbeddedServer.start(type, app);
    }

    @Override
    public URI baseUri() {
        return server.baseUri();
    }

    @Override
    public void stopContainer() {
        server.stop();
    }
}
