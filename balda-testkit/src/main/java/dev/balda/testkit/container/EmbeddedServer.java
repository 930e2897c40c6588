package dev.balda.testkit.container;

import dev.balda.Balda;
import dev.balda.servlet.BaldaFilter;
import dev.balda.testkit.container.spi.Engine;
import dev.balda.testkit.container.spi.EngineConfig;
import dev.balda.testkit.container.spi.EngineProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * An embedded Jetty 12 (ee10) or Tomcat 11 serving one context on loopback, with JSR-356 WebSocket
 * support installed, started on a free port unless told otherwise. It runs either
 * <ul>
 *   <li>a context set up in code: a Balda application registered with
 *       {@link BaldaFilter#register} and/or {@link ContextInitializer}s, optionally serving static
 *       files from a directory; or</li>
 *   <li>a WAR file or exploded WAR directory, deployed as the container deploys it (descriptor,
 *       annotations and {@code ServletContainerInitializer}s included).</li>
 * </ul>
 *
 * <pre>{@code
 * try (EmbeddedServer server = EmbeddedServer.builder(ContainerType.TOMCAT).application(app).start()) {
 *     HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri("/api/health")).build(), ofString());
 * }
 * }</pre>
 *
 * <p>The containers come in their own modules, found at run time: {@code balda-testkit-jetty} for
 * {@link ContainerType#JETTY} and {@code balda-testkit-tomcat} for {@link ContainerType#TOMCAT}.
 * Starting a container whose module is not on the class path fails with a message naming it.
 */
public final class EmbeddedServer implements AutoCloseable {
    private final ContainerType type;
    private final String host;
    private final String contextPath;
    private final Engine engine;
    private volatile boolean running;

    private EmbeddedServer(Builder b) {
        this.type = b.type;
        this.host = b.host;
        this.contextPath = b.contextPath;
        List<ContextInitializer> initializers = new ArrayList<>(b.initializers);
        if (b.app != null) {
            Balda app = b.app;
            initializers.add(context -> BaldaFilter.register(context, app));
        }
        this.engine = provider(b.type).create(
                new EngineConfig(b.host, b.port, b.contextPath, b.war, b.staticRoot, initializers));
    }

    private static EngineProvider provider(ContainerType type) {
        // The thread's loader first: under Maven and IDEs that is the test class path.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class,
                loader != null ? loader : EmbeddedServer.class.getClassLoader())) {
            if (provider.type() == type) {
                return provider;
            }
        }
        throw new IllegalStateException("No " + type + " engine on the class path: add the test dependency dev.balda:"
                + type.artifactId() + " (the same version as balda-testkit) to start " + type);
    }

    public static Builder builder(ContainerType type) {
        return new Builder(type);
    }

    /** Starts a Balda application at the root context on a free port. */
    public static EmbeddedServer start(ContainerType type, Balda app) {
        return builder(type).application(app).start();
    }

    public ContainerType type() {
        return type;
    }

    public int port() {
        return engine.port();
    }

    /** {@code http://127.0.0.1:port/context} without a trailing slash. */
    public URI baseUri() {
        return URI.create("http://" + host + ":" + port() + contextPath);
    }

    /** A URI below the context: {@code uri("/api/users?x=1")}. */
    public URI uri(String pathAndQuery) {
        return URI.create(baseUri() + (pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery));
    }

    /** {@code ws://127.0.0.1:port/context} for WebSocket clients. */
    public URI webSocketBaseUri() {
        return URI.create("ws://" + host + ":" + port() + contextPath);
    }

    public boolean isRunning() {
        return running;
    }

    /** Stops the container; open connections are closed. Idempotent. */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            engine.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop " + type, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private EmbeddedServer startEngine() {
        try {
            engine.start();
            running = true;
            return this;
        } catch (Exception e) {
            try {
                engine.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("Could not start " + type + ": " + e.getMessage(), e);
        }
    }

    /** Configures an {@link EmbeddedServer}. */
    public static final class Builder {
        private final ContainerType type;
        private String host = "127.0.0.1";
        private int port;
        private String contextPath = "";
        private Balda app;
        private final List<ContextInitializer> initializers = new ArrayList<>();
        private Path war;
        private Path staticRoot;

        private Builder(ContainerType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        /** The address to bind; loopback by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** {@code ""} (the default) for the root context, or a path such as {@code /shop}. */
        public Builder contextPath(String contextPath) {
            if (!contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
                throw new IllegalArgumentException("contextPath must be \"\" or start with '/' and not end with it: '"
                        + contextPath + "'");
            }
            this.contextPath = contextPath;
            return this;
        }

        /** Registers a {@link BaldaFilter} for this application, as {@link BaldaFilter#register} does. */
        public Builder application(Balda app) {
            this.app = Objects.requireNonNull(app);
            return this;
        }

        /** Adds code that sets up the context at start-up (servlets, filters, listeners). */
        public Builder initializer(ContextInitializer initializer) {
            this.initializers.add(Objects.requireNonNull(initializer));
            return this;
        }

        /** Serves the files of this directory through the container's default servlet. */
        public Builder staticFiles(Path directory) {
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("staticFiles must be a directory: " + directory);
            }
            this.staticRoot = directory;
            return this;
        }

        /**
         * Deploys a WAR file or exploded WAR directory instead of a context set up in code.
         * Cannot be combined with {@link #application}, {@link #initializer} or {@link #staticFiles}.
         */
        public Builder war(Path war) {
            if (!Files.exists(war)) {
                throw new IllegalArgumentException("No WAR at " + war);
            }
            this.war = war;
            return this;
        }

        public EmbeddedServer start() {
            if (war != null && (app != null || !initializers.isEmpty() || staticRoot != null)) {
                throw new IllegalStateException("A WAR deployment brings its own set-up; do not combine war() with "
                        + "application(), initializer() or staticFiles()");
            }
            if (war == null && app == null && initializers.isEmpty() && staticRoot == null) {
                throw new IllegalStateException("Nothing to serve: give an application(), initializer(), staticFiles() or war()");
            }
            return new EmbeddedServer(this).startEngine();
        }
    }
}
