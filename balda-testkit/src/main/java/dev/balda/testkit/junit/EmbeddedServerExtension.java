package dev.balda.testkit.junit;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import dev.balda.testkit.websocket.WebSocketTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a Balda application on embedded Jetty 12 or Tomcat 11 (free port, loopback) for a test
 * class and stops it afterwards. Test methods (and constructors) can take the {@link URI} base,
 * an {@link HttpClient}, a {@link WebSocketTestClient}, the {@link EmbeddedServer} or its
 * {@link ContainerType} as parameters. The container's module ({@code balda-testkit-jetty} or
 * {@code balda-testkit-tomcat}) must be on the test class path.
 *
 * <pre>{@code
 * class UsersTest {
 *     @RegisterExtension
 *     static final EmbeddedServerExtension server = EmbeddedServerExtension.on(ContainerType.JETTY, ShopApp::build);
 *
 *     @Test
 *     void health(URI base, HttpClient http) throws Exception {
 *         var r = http.send(HttpRequest.newBuilder(base.resolve("/api/health")).build(), BodyHandlers.ofString());
 *         assertEquals(200, r.statusCode());
 *     }
 * }
 * }</pre>
 *
 * <p>To run one test class on each container, put the tests in an abstract class with an abstract
 * accessor for the extension and add one small subclass per container, each registering its own
 * static extension. Registered in a static field the server lives for the class; in an instance
 * field, for each test.
 */
public final class EmbeddedServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final ContainerType type;
    private final Consumer<EmbeddedServer.Builder> setup;
    private final HttpClient httpClient = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private EmbeddedServer server;
    private boolean perTest;

    private EmbeddedServerExtension(ContainerType type, Consumer<EmbeddedServer.Builder> setup) {
        this.type = Objects.requireNonNull(type, "type");
        this.setup = Objects.requireNonNull(setup, "setup");
    }

    /** Serves the application the supplier builds (called once per start). */
    public static EmbeddedServerExtension on(ContainerType type, Supplier<Balda> app) {
        return new EmbeddedServerExtension(type, builder -> builder.application(app.get()));
    }

    /** Serves whatever the set-up configures: initializers, static files, a WAR, a context path. */
    public static EmbeddedServerExtension custom(ContainerType type, Consumer<EmbeddedServer.Builder> setup) {
        return new EmbeddedServerExtension(type, setup);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            perTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            stop();
        }
    }

    private void start() {
        EmbeddedServer.Builder builder = EmbeddedServer.builder(type);
        setup.accept(builder);
        server = builder.start();
    }

    private void stop() {
        if (server != null) {
            try {
                server.stop();
            } finally {
                server = null;
            }
        }
    }

    public ContainerType type() {
        return type;
    }

    /** The running server. */
    public EmbeddedServer server() {
        if (server == null) {
            throw new IllegalStateException("The " + type + " server is not running; register the extension with "
                    + "@RegisterExtension and use it from tests or lifecycle methods");
        }
        return server;
    }

    public URI baseUri() {
        return server().baseUri();
    }

    /** A URI below the context path: {@code uri("/api/users")}. */
    public URI uri(String pathAndQuery) {
        return server().uri(pathAndQuery);
    }

    /** A JDK client that does not follow redirects. */
    public HttpClient httpClient() {
        return httpClient;
    }

    public WebSocketTestClient webSocketClient() {
        return WebSocketTestClient.of(baseUri());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> t = parameter.getParameter().getType();
        return t == URI.class || t == HttpClient.class || t == WebSocketTestClient.class
                || t == EmbeddedServer.class || t == ContainerType.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> t = parameter.getParameter().getType();
        if (t == ContainerType.class) {
            return type;
        }
        if (t == HttpClient.class) {
            return httpClient;
        }
        if (t == URI.class) {
            return baseUri();
        }
        if (t == WebSocketTestClient.class) {
            return webSocketClient();
        }
        if (t == EmbeddedServer.class) {
            return server();
        }
        throw new ParameterResolutionException("Cannot resolve " + t);
    }
}
