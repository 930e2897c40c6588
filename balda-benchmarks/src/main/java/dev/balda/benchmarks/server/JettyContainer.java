package dev.balda.benchmarks.server;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Jetty;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 ee10 with one {@code ServletContextHandler} per benchmark context. The static context's
 * base resource is a directory of the benchmark's files, served by Jetty's {@code DefaultServlet}
 * (with its defaults) unless the application's filter answers first.
 */
final class JettyContainer implements EmbeddedContainer {
    private final Server server;
    private final ServerConnector connector;
    private final Path staticRoot;

    JettyContainer(ServerApp app, int threads) {
        try {
            staticRoot = Payloads.writeStaticFiles(Files.createTempDirectory("balda-bench-jetty-static"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(8, threads));
        pool.setName("jetty");
        server = new Server(pool);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setStopTimeout(2_000);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        for (String path : ServerApp.CONTEXTS) {
            ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
            context.setContextPath(path.isEmpty() ? "/" : path);
            if (path.equals(Payloads.MAIN_CONTEXT)) {
                JakartaWebSocketServletContainerInitializer.configure(context, null);
            }
            if (path.equals(Payloads.STATIC_CONTEXT)) {
                context.setBaseResourceAsPath(staticRoot);
                context.addServlet(DefaultServlet.class, "/");
            }
            ServletContainerInitializer initializer = (classes, servletContext) -> {
                try {
                    app.configure(path, servletContext);
                } catch (RuntimeException | ServletException e) {
                    throw e;
                } catch (Exception e) {
                    throw new ServletException(e);
                }
            };
            context.addServletContainerInitializer(initializer);
            contexts.addHandler(context);
        }
        server.setHandler((Handler) contexts);
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
    public String version() {
        return "Jetty " + Jetty.VERSION;
    }

    @Override
    public void stop() throws Exception {
        try {
            server.stop();
        } finally {
            try (Stream<Path> files = Files.walk(staticRoot)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
