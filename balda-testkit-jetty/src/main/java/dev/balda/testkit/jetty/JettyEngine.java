package dev.balda.testkit.jetty;

import dev.balda.testkit.container.ContextInitializer;
import dev.balda.testkit.container.spi.Engine;
import dev.balda.testkit.container.spi.EngineConfig;
import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.webapp.Configurations;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12 ee10: a {@code ServletContextHandler} set up in code, or a {@code WebAppContext} for a WAR. */
final class JettyEngine implements Engine {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    JettyEngine(EngineConfig config) {
        String contextPath = config.contextPath();
        Path war = config.war();
        Path staticRoot = config.staticRoot();
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setStopTimeout(5_000);
        String jettyPath = contextPath.isEmpty() ? "/" : contextPath;
        if (war != null) {
            // Known configurations (annotations, JSR-356, ...) apply as in a standalone Jetty.
            Configurations.setServerDefault(server);
            WebAppContext webapp = new WebAppContext();
            webapp.setContextPath(jettyPath);
            webapp.setWar(war.toAbsolutePath().toString());
            webapp.setThrowUnavailableOnStartupException(true);
            // Where Tomcat is on the same test class path too, a standalone Jetty would never see its initializers.
            webapp.setAttribute("org.eclipse.jetty.containerInitializerExclusionPattern", "org\\.apache\\..*");
            server.setHandler(webapp);
            return;
        }
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath(jettyPath);
        if (staticRoot != null) {
            context.setBaseResourceAsPath(staticRoot);
            context.addServlet(DefaultServlet.class, "/");
        }
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        for (ContextInitializer initializer : config.initializers()) {
            ServletContainerInitializer sci = (classes, servletContext) -> {
                try {
                    initializer.onStartup(servletContext);
                } catch (RuntimeException | jakarta.servlet.ServletException e) {
                    throw e;
                } catch (Exception e) {
                    throw new jakarta.servlet.ServletException(e);
                }
            };
            context.addServletContainerInitializer(sci);
        }
        server.setHandler(context);
    }

    @Override
    public void start() throws Exception {
        server.start();
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }
}
