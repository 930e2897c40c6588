package dev.balda.testkit.tomcat;

import dev.balda.testkit.container.ContextInitializer;
import dev.balda.testkit.container.spi.Engine;
import dev.balda.testkit.container.spi.EngineConfig;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * Tomcat 11: a context set up in code (with Tomcat's web application defaults, so the default
 * servlet is mapped on {@code /} and filters see every request) or a WAR deployed with
 * {@code addWebapp}. JSP support is there when {@code tomcat-embed-jasper} is on the class path;
 * the module does not bring it.
 */
final class TomcatEngine implements Engine {
    private static final boolean JSP_AVAILABLE = isPresent("org.apache.jasper.servlet.JspServlet");

    private final Tomcat tomcat = new Tomcat();
    private final Path baseDir;
    private final Connector connector;

    TomcatEngine(EngineConfig config) {
        String contextPath = config.contextPath();
        Path war = config.war();
        Path staticRoot = config.staticRoot();
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
        connector.setPort(config.port());
        connector.setProperty("address", config.host());
        tomcat.setConnector(connector);

        if (war != null) {
            // Tomcat's own defaults name the JSP servlet, whose start fails loudly without Jasper: ours instead.
            tomcat.setAddDefaultWebXmlToWebapp(false);
            Context webapp = tomcat.addWebapp(contextPath, war.toAbsolutePath().toString());
            for (LifecycleListener listener : webapp.findLifecycleListeners()) {
                if (listener instanceof ContextConfig contextConfig) {
                    contextConfig.setDefaultWebXml(tomcat.noDefaultWebXmlPath());
                }
            }
            webapp.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    installDefaults(webapp);
                }
            });
            // A standalone Tomcat sees only the WAR's own jars; do not scan the test class path.
            StandardJarScanner scanner = new StandardJarScanner();
            scanner.setScanClassPath(false);
            webapp.setJarScanner(scanner);
            // Where Jetty is on the same test class path too, a standalone Tomcat would never see its initializers.
            if (webapp instanceof StandardContext standard) {
                standard.setContainerSciFilter("org\\.eclipse\\.jetty\\..*");
            }
            return;
        }
        Path docBase = staticRoot != null ? staticRoot : baseDir;
        Context context = tomcat.addContext(contextPath, docBase.toAbsolutePath().toString());
        installDefaults(context);
        context.addServletContainerInitializer(new WsSci(), null);
        for (ContextInitializer initializer : config.initializers()) {
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

    /** Tomcat's web application defaults: the default servlet on {@code /}, MIME types, welcome files, and JSP if present. */
    private static void installDefaults(Context context) {
        if (JSP_AVAILABLE) {
            Tomcat.initWebappDefaults(context);
            return;
        }
        Wrapper servlet = Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
        servlet.setLoadOnStartup(1);
        servlet.setOverridable(true);
        context.addServletMappingDecoded("/", "default");
        context.setSessionTimeout(30);
        Tomcat.addDefaultMimeTypeMappings(context);
        context.addWelcomeFile("index.html");
        context.addWelcomeFile("index.htm");
        if (context instanceof StandardContext standard) {
            standard.setReplaceWelcomeFiles(true);
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, TomcatEngine.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
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
