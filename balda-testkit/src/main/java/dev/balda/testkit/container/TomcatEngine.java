package dev.balda.testkit.container;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * Tomcat 11: a context set up in code (with Tomcat's web application defaults, so the default
 * servlet is mapped on {@code /} and filters see every request) or a WAR deployed with
 * {@code addWebapp}.
 */
final class TomcatEngine implements Engine {
    private final Tomcat tomcat = new Tomcat();
    private final Path baseDir;
    private final Connector connector;

    TomcatEngine(String host, int port, String contextPath, Path war, Path staticRoot,
                 List<ContextInitializer> initializers) {
        try {
            baseDir = Files.createTempDirectory("balda-tomcat");
            Files.createDirectories(baseDir.resolve("webapps"));
        } catch (IOException e) {
            throw new IllegalStateException("Could not create Tomcat's base directory", e);
        }
        tomcat.setBaseDir(baseDir.toString());
        tomcat.getHost().setAppBase(baseDir.resolve("webapps").toString());
        tomcat.getHost().setAutoDeploy(false);
        connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", host);
        tomcat.setConnector(connector);

        if (war != null) {
            Context webapp = tomcat.addWebapp(contextPath, war.toAbsolutePath().toString());
            // A standalone Tomcat sees only the WAR's own jars; do not scan the test class path.
            StandardJarScanner scanner = new StandardJarScanner();
            scanner.setScanClassPath(false);
            webapp.setJarScanner(scanner);
            // Jetty is on the same test class path; a standalone Tomcat would never see its initializers.
            if (webapp instanceof org.apache.catalina.core.StandardContext standard) {
                standard.setContainerSciFilter("org\\.eclipse\\.jetty\\..*");
            }
            return;
        }
        Path docBase = staticRoot != null ? staticRoot : baseDir;
        Context context = tomcat.addContext(contextPath, docBase.toAbsolutePath().toString());
        Tomcat.initWebappDefaults(context);
        context.addServletContainerInitializer(new WsSci(), null);
        for (ContextInitializer initializer : initializers) {
            context.addServletContainerInitializer((classes, servletContext) -> {
                try {
                    initializer.onStartup(servletContext);
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
        // Tomcat logs a failed context start and carries on; a test must not run against it.
        for (org.apache.catalina.Container child : tomcat.getHost().findChildren()) {
            if (child.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("Tomcat context '" + child.getName() + "' failed to start (see log)");
            }
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void stop() throws Exception {
        try {
            if (tomcat.getServer().getState().isAvailable()) {
                tomcat.stop();
            }
            tomcat.destroy();
        } finally {
            deleteRecursively(baseDir);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
