package dev.balda.testkit.mock;

import dev.balda.Balda;
import java.util.Locale;
import java.util.Objects;

/**
 * Runs requests against a Balda application in-process, with no socket and no container: each
 * request becomes a {@link dev.balda.internal.MemoryExchange} handed to
 * {@link Balda#handle(dev.balda.transport.Exchange)}, the very entry point the servlet filter
 * calls, so routing, middleware, error handling and response writing are the application's own.
 * Requests run on the calling thread; a server can be shared by tests running in parallel.
 *
 * <pre>{@code
 * MockServer server = MockServer.of(app);
 * server.post("/api/users").json(Map.of("name", "Ann")).send()
 *         .assertStatus(201)
 *         .assertBodySubset(Map.of("name", "Ann"));
 * }</pre>
 *
 * <p>The first request starts the application ({@link Balda#start()}), after which no more routes
 * or middleware can be registered, exactly as when the filter starts serving. What the mock cannot
 * do: there is no {@code HttpServletRequest}/{@code HttpServletResponse} behind the exchange, and
 * WebSocket upgrades are not performed (test them on an embedded container).
 */
public final class MockServer {
    private final Balda app;

    private MockServer(Balda app) {
        this.app = app;
    }

    /** A mock server for this application. */
    public static MockServer of(Balda app) {
        return new MockServer(Objects.requireNonNull(app, "app"));
    }

    /** The application requests are run against. */
    public Balda app() {
        return app;
    }

    /**
     * Starts a request with any method.
     *
     * @param path the path below the context path, percent-encoded as on the wire, optionally with
     *     a query string: {@code /users?page=2}
     */
    public MockRequest request(String method, String path) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (method.isEmpty()) {
            throw new IllegalArgumentException("method must not be empty");
        }
        return new MockRequest(app, method.toUpperCase(Locale.ROOT), path);
    }

    public MockRequest get(String path) {
        return request("GET", path);
    }

    public MockRequest post(String path) {
        return request("POST", path);
    }

    public MockRequest put(String path) {
        return request("PUT", path);
    }

    public MockRequest patch(String path) {
        return request("PATCH", path);
    }

    public MockRequest delete(String path) {
        return request("DELETE", path);
    }

    public MockRequest head(String path) {
        return request("HEAD", path);
    }

    public MockRequest options(String path) {
        return request("OPTIONS", path);
    }
}
