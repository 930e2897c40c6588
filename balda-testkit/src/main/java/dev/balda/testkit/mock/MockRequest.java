package dev.balda.testkit.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.balda.Balda;
import dev.balda.http.Headers;
import dev.balda.internal.MemoryExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One request to a {@link MockServer}, built fluently and run with {@link #send()}. Nothing is
 * encoded behind your back except what the method names promise: {@link #query} and {@link #form}
 * values are URL-encoded, {@link #json} is written with the application's {@code ObjectMapper},
 * {@link #multipart} builds a {@code multipart/form-data} body with its boundary, and
 * {@link #cookie} values are joined into one {@code Cookie} header. The path itself is sent as
 * given (percent-encoded as on the wire, so malformed escapes can be tested too).
 *
 * <p>Like a real client, the request carries {@code Host: localhost} unless another {@code Host}
 * is set, and a {@code Content-Length} whenever a body was set. A body method sets the
 * {@code Content-Type} unless one was given with {@link #header}; each body method replaces the
 * previous body.
 *
 * <p>{@link #send()} runs the request on the calling thread. A response kept open after the
 * handler returned (a server-sent-events stream, or any exchange the application completes
 * asynchronously) is awaited until the application ends it, for at most the {@link #timeout}
 * (5 seconds by default); if it is still open then, the mock client disconnects (the stream's
 * close callbacks run, as when a browser goes away) and {@code send()} fails with an
 * {@link AssertionError} that shows what had arrived so far.
 */
public final class MockRequest {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Balda app;
    private final String method;
    private final String path;
    private final List<String> queryParts = new ArrayList<>();
    private final Headers headers = new Headers();
    private final List<String> cookies = new ArrayList<>();
    private byte[] body;
    private String bodyContentType;
    private String contextPath = "";
    private String remoteAddress = "127.0.0.1";
    private Principal principal;
    private Duration timeout = DEFAULT_TIMEOUT;

    MockRequest(Balda app, String method, String path) {
        this.app = app;
        this.method = method;
        this.path = path;
    }

    /** Adds a query parameter, URL-encoded here; a key may be added more than once. */
    public MockRequest query(String name, String value) {
        Objects.requireNonNull(name, "name");
        queryParts.add(encode(name) + "=" + encode(value == null ? "" : value));
        return this;
    }

    /**
     * Adds a request header value (names are case-insensitive; adding twice gives two values).
     *
     * @throws IllegalArgumentException for a value no client could send (CR, LF, other controls)
     */
    public MockRequest header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        headers.add(name, value);
        return this;
    }

    /**
     * Adds a cookie to the request's single {@code Cookie} header ({@code a=1; b=2}), sent as given
     * (no encoding); a {@code Cookie} header set with {@link #header} is extended, not repeated.
     */
    public MockRequest cookie(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        cookies.add(name + "=" + value);
        return this;
    }

    /**
     * A JSON body written with the application's {@code ObjectMapper}, with
     * {@code Content-Type: application/json}. A {@code String} is taken to be JSON already and sent
     * as it is.
     */
    public MockRequest json(Object value) {
        byte[] bytes;
        if (value instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                bytes = app.options().objectMapper().writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Could not write a " + value.getClass().getName() + " as JSON: "
                        + e.getOriginalMessage(), e);
            }
        }
        return setBody(bytes, "application/json");
    }

    /**
     * A URL-encoded form body ({@code application/x-www-form-urlencoded}), fields in the map's
     * order. A value that is an {@link Iterable} repeats its key once per element; other values
     * are sent as their {@code toString()}.
     */
    public MockRequest form(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((name, value) -> {
            if (value instanceof Iterable<?> values) {
                for (Object v : values) {
                    appendField(sb, name, v);
                }
            } else {
                appendField(sb, name, value);
            }
        });
        return setBody(sb.toString().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
    }

    /** A URL-encoded form body from name/value pairs: {@code form("name", "Ann", "tag", "a", "tag", "b")}. */
    public MockRequest form(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("form(...) takes name/value pairs; got an odd number of strings");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            appendField(sb, namesAndValues[i], namesAndValues[i + 1]);
        }
        return setBody(sb.toString().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
    }

    private static void appendField(StringBuilder sb, String name, Object value) {
        if (sb.length() > 0) {
            sb.append('&');
        }
        sb.append(encode(Objects.requireNonNull(name, "form field name"))).append('=')
                .append(encode(value == null ? "" : value.toString()));
    }

    /** A {@code multipart/form-data} body. */
    public MockRequest multipart(Multipart multipart) {
        return setBody(multipart.toBytes(), multipart.contentType());
    }

    /**
     * A {@code multipart/form-data} body built in place:
     * {@code multipart(m -> m.field("title", "Report").file("doc", "r.pdf", "application/pdf", bytes))}.
     */
    public MockRequest multipart(Consumer<Multipart.Builder> parts) {
        Multipart.Builder builder = Multipart.builder();
        parts.accept(builder);
        return multipart(builder.build());
    }

    /** A text body encoded as UTF-8, with this content type ({@code null} sends none). */
    public MockRequest body(String text, String contentType) {
        return setBody(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** A binary body with this content type ({@code null} sends none). */
    public MockRequest body(byte[] bytes, String contentType) {
        return setBody(Objects.requireNonNull(bytes, "bytes").clone(), contentType);
    }

    private MockRequest setBody(byte[] bytes, String contentType) {
        this.body = bytes;
        this.bodyContentType = contentType;
        return this;
    }

    /** The client's address, as the socket peer ({@code 127.0.0.1} by default). */
    public MockRequest ip(String address) {
        this.remoteAddress = address;
        return this;
    }

    /**
     * Runs the request as if the application were deployed at this context path ({@code /shop}).
     * The path given to the server stays relative to the application: {@code get("/items")} with
     * {@code contextPath("/shop")} requests {@code /shop/items}.
     */
    public MockRequest contextPath(String contextPath) {
        Objects.requireNonNull(contextPath, "contextPath");
        if (!contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
            throw new IllegalArgumentException("Context path '" + contextPath
                    + "' must be empty or start with '/' and not end with '/'");
        }
        this.contextPath = contextPath;
        return this;
    }

    /** The authenticated user the application sees in {@code req.principal()}. */
    public MockRequest principal(Principal principal) {
        this.principal = principal;
        return this;
    }

    /** An authenticated user with this name. */
    public MockRequest principal(String name) {
        return principal(new NamedPrincipal(Objects.requireNonNull(name, "name")));
    }

    /**
     * How long {@link #send()} waits for a response kept open asynchronously (a stream or SSE) to
     * complete; 5 seconds by default.
     */
    public MockRequest timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * Runs the request through the application's pipeline and returns the complete response.
     *
     * @throws AssertionError if a response kept open asynchronously did not complete within the
     *     {@link #timeout}
     */
    public MockResponse send() {
        MemoryExchange exchange = buildExchange();
        boolean handled;
        try {
            handled = app.handle(exchange);
        } catch (IOException e) {
            throw new UncheckedIOException("The pipeline failed on " + method + " " + path, e);
        } finally {
            exchange.handled();
        }
        if (!handled) {
            return MockResponse.passedThrough(exchange, app.options().objectMapper());
        }
        boolean completed;
        try {
            completed = exchange.awaitCompletion(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.disconnect();
            throw new AssertionError("Interrupted while waiting for the response to " + method + " " + path, e);
        }
        if (!completed) {
            exchange.disconnect();
            MockResponse partial = MockResponse.of(exchange, app.options().objectMapper());
            throw Failures.failure("Expected the response to " + method + " " + path + " to complete within "
                    + timeout.toMillis() + " ms, but it was still open (a stream or SSE that the application did not"
                    + " end); the mock client disconnected. Set a longer MockRequest.timeout(...) if it needs more"
                    + " time.", partial, null, null);
        }
        return MockResponse.of(exchange, app.options().objectMapper());
    }

    private MemoryExchange buildExchange() {
        String target = contextPath + (path.startsWith("/") || path.isEmpty() ? path : "/" + path);
        if (target.isEmpty()) {
            target = "/";
        }
        if (!queryParts.isEmpty()) {
            String joined = String.join("&", queryParts);
            int q = target.indexOf('?');
            if (q < 0) {
                target += "?" + joined;
            } else if (target.endsWith("?") || target.endsWith("&")) {
                target += joined;
            } else {
                target += "&" + joined;
            }
        }
        MemoryExchange.Builder builder = MemoryExchange.request(method, target)
                .contextPath(contextPath)
                .remoteAddress(remoteAddress)
                .principal(principal);
        boolean hasHost = headers.contains("Host");
        boolean hasContentType = headers.contains("Content-Type");
        boolean hasContentLength = headers.contains("Content-Length");
        String[] cookieHeader = {cookies.isEmpty() ? null : String.join("; ", cookies)};
        headers.forEach((name, value) -> {
            if (cookieHeader[0] != null && name.equalsIgnoreCase("Cookie")) {
                // One Cookie header, as RFC 6265 has clients send: cookie() values join a given one.
                builder.header(name, value + "; " + cookieHeader[0]);
                cookieHeader[0] = null;
            } else {
                builder.header(name, value);
            }
        });
        if (!hasHost) {
            builder.header("Host", "localhost");
        }
        if (cookieHeader[0] != null) {
            builder.header("Cookie", cookieHeader[0]);
        }
        if (body != null) {
            builder.body(body);
            if (bodyContentType != null && !hasContentType) {
                builder.header("Content-Type", bodyContentType);
            }
            if (!hasContentLength) {
                builder.header("Content-Length", Integer.toString(body.length));
            }
        }
        return builder.build();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return method + " " + contextPath + path;
    }

    /** A principal that is just a name. */
    private record NamedPrincipal(String name) implements Principal {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String toString() {
            return "Principal[" + name + "]";
        }
    }
}
