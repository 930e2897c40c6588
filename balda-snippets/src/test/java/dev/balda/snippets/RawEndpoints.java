package dev.balda.snippets;

import dev.balda.websocket.WebSockets;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;

/** The README's Node.js equivalent: an endpoint of your own beside Balda's. */
// tag::raw-endpoints[]
public final class RawEndpoints implements ServletContainerInitializer {
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        context.addListener(new ServletContextListener() {
            public void contextInitialized(ServletContextEvent event) {
                ServerContainer container = WebSockets.serverContainer(event.getServletContext());
                try {
                    container.addEndpoint(ServerEndpointConfig.Builder.create(MyEndpoint.class, "/raw").build());
                } catch (DeploymentException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }
}
// end::raw-endpoints[]
