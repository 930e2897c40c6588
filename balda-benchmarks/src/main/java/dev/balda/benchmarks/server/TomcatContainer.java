package dev.balda.benchmarks.server;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * Tomcat 11 with one context per benchmark context. Each maps Tomcat's default servlet on
 * {@code /} (as every WAR has), so filters see every request, upgrades included; the static
 * context's document base holds the benchmark's files, with Tomcat's default MIME types, and its
 * default servlet keeps its defaults (resource cache, sendfile for large files). Keep-alive
 * connections are not capped at 100 requests and connections are not capped at 8,192, so Tomcat
 * serves the same load as Jetty.
 */
final class TomcatContainer implements EmbeddedContainer {
    private final Tomcat tomcat = new Tomcat();
    private final Connector connector;
    private final Path baseDir;

    TomcatContainer(ServerApp app, int threads) {
        try {
            baseDir = Files.createTempDirectory("balda-bench-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tomcat.setBaseDir(baseDir.toString());
        connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxThreads", String.valueOf(threads));
        connector.setProperty("minSpareThreads", String.valueOf(Math.min(8, threads)));
        connector.setProperty("acceptCount", "1024");
        connector.setProperty("maxConnections", "-1");
        connector.setProperty("maxKeepAliveRequests", "-1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        Path staticRoot;
        try {
            staticRoot = Payloads.writeStaticFiles(baseDir.resolve("static"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String path : ServerApp.CONTEXTS) {
            boolean files = path.equals(Payloads.STATIC_CONTEXT);
            Context context = tomcat.addContext(path, (files ? staticRoot : baseDir).toString());
            Tomcat.addServlet(context, "default", new DefaultServlet()).addMapping("/");
            if (files) {
                Tomcat.addDefaultMimeTypeMappings(context);
            }
            if (path.equals(Payloads.MAIN_CONTEXT)) {
                context.addServletContainerInitializer(new WsSci(), null);
            }
            context.addServletContainerInitializer((classes, servletContext) -> {
                try {
                    app.configure(path, servletContext);
                } catch (RuntimeException | ServletException e) {
                    throw e;
                } catch (Exception e) {
                    throw new ServletException(e);
                }
            }, null);
        }
    }

    @Override
    public void start() throws Exception {
        tomcat.start();
        for (org.apache.catalina.Container child : tomcat.getHost().findChildren()) {
            if (child.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("Tomcat context '" + child.getName() + "' failed to start (see its log)");
            }
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String version() {
        return "Tomcat " + ServerInfo.getServerNumber();
    }

    @Override
    public void stop() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
