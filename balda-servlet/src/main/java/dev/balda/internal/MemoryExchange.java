package dev.balda.internal;

import dev.balda.http.Headers;
import dev.balda.transport.Exchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An {@link Exchange} held entirely in memory: the request is given up front and the response is
 * recorded. It runs requests through the real pipeline without a socket or container: the
 * testkit's mock server, a WebSocket handshake on a bare JSR-356 server, and Balda's own unit
 * tests use it. Internal to Balda's modules; applications test with the testkit's
 * {@code MockServer}.
 *
 * <p>Thread-safe for the response side: a stream kept open asynchronously may be written from
 * another thread while a test waits with {@link #awaitCompletion(Duration)}.
 */
public final class MemoryExchange implements Exchange {

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final String contextPath;
    private final String scheme;
    private final String host;
    private final Headers requestHeaders;
    private final Map<String, Object> attributes;
    private final byte[] requestBody;
    private final String remoteAddress;
    private final Principal principal;
    private final boolean asyncSupported;
    private InputStream bodyStream;
    private int requestBodyCalls;

    private final Object lock = new Object();
    private int status = 200;
    private final Headers responseHeaders = new Headers();
    private long contentLength = -1;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean committed;
    private boolean async;
    private Runnable onClientGone;
    private Throwable abortCause;
    private final CountDownLatch completed = new CountDownLatch(1);

    private MemoryExchange(Builder b) {
        this.method = b.method;
        String target = b.target;
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        this.rawQuery = q < 0 ? null : target.substring(q + 1);
        this.contextPath = b.contextPath;
        // Like a container's request URI, the target includes the context path; rawPath() does not.
        if (!contextPath.isEmpty()) {
            if (!path.equals(contextPath) && !path.startsWith(contextPath + "/")) {
                throw new IllegalArgumentException("Request target '" + target + "' is not under the context path '"
                        + contextPath + "'; a container would not hand it to this application");
            }
            path = path.substring(contextPath.length());
        }
        this.rawPath = path;
        this.scheme = b.scheme;
        this.host = b.host;
        this.requestHeaders = b.headers;
        this.attributes = Map.copyOf(b.attributes);
        this.requestBody = b.body;
        this.remoteAddress = b.remoteAddress;
        this.principal = b.principal;
        this.asyncSupported = b.asyncSupported;
    }

    /**
     * Starts a request.
     *
     * @param method the HTTP method
     * @param target path and optional query, percent-encoded as on the wire: {@code /users?page=2};
     *     with a {@link Builder#contextPath(String) context path} the target starts with it, as a
     *     container's request URI does ({@code /shop/items} for the route {@code /items})
     */
    public static Builder request(String method, String target) {
        return new Builder(method, target);
    }

    // ------------------------------------------------------------------ request

    @Override
    public String method() {
        return method;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public String contextPath() {
        return contextPath;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String host() {
        String h = header("Host");
        return h != null ? h : host;
    }

    @Override
    public String header(String name) {
        return requestHeaders.first(name);
    }

    @Override
    public List<String> headers(String name) {
        return requestHeaders.all(name);
    }

    @Override
    public Collection<String> headerNames() {
        return requestHeaders.names();
    }

    @Override
    public Object attribute(String name) {
        return attributes.get(name);
    }

    @Override
    public long contentLength() {
        String declared = header("Content-Length");
        if (declared != null) {
            try {
                return Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        // Like a container: no declared length and no body is -1, not 0.
        return requestBody.length > 0 ? requestBody.length : -1;
    }

    /** As a container's: one stream for the whole request, which a first read consumes. */
    @Override
    public InputStream requestBody() {
        requestBodyCalls++;
        if (bodyStream == null) {
            bodyStream = new ByteArrayInputStream(requestBody);
        }
        return bodyStream;
    }

    /** Whether anything asked for the request body. */
    public boolean requestBodyRead() {
        return requestBodyCalls > 0;
    }

    /** How many times the body stream was asked for. */
    public int requestBodyCalls() {
        return requestBodyCalls;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public Principal userPrincipal() {
        return principal;
    }

    @Override
    public HttpServletRequest servletRequest() {
        return null;
    }

    @Override
    public HttpServletResponse servletResponse() {
        return null;
    }

    // ------------------------------------------------------------------ response

    @Override
    public void setStatus(int status) {
        synchronized (lock) {
            if (!committed) {
                this.status = status;
            }
        }
    }

    @Override
    public void addHeader(String name, String value) {
        synchronized (lock) {
            if (!committed) {
                responseHeaders.add(name, value);
            }
        }
    }

    @Override
    public void setContentLength(long length) {
        synchronized (lock) {
            if (!committed) {
                this.contentLength = length;
            }
        }
    }

    @Override
    public OutputStream responseBody() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                synchronized (lock) {
                    if (abortCause != null || completed.getCount() == 0) {
                        throw new IOException("exchange already ended");
                    }
                    committed = true;
                    body.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                synchronized (lock) {
                    committed = true;
                }
            }
        };
    }

    @Override
    public AsyncHandle startAsync(Runnable onClientGone) {
        if (!asyncSupported) {
            return null;
        }
        synchronized (lock) {
            async = true;
            this.onClientGone = onClientGone;
        }
        return completed::countDown;
    }

    @Override
    public void abort(Throwable cause) {
        synchronized (lock) {
            abortCause = cause;
        }
        completed.countDown();
    }

    /**
     * Marks the exchange as done once {@code handle} returned; a response kept open asynchronously
     * stays open until its stream completes it.
     */
    public void handled() {
        synchronized (lock) {
            committed = true;
            if (async) {
                return;
            }
        }
        completed.countDown();
    }

    /** Simulates the client going away, as a transport would report it. */
    public void disconnect() {
        Runnable callback;
        synchronized (lock) {
            callback = onClientGone;
            onClientGone = null;
        }
        if (callback != null) {
            callback.run();
        }
        completed.countDown();
    }

    /** Waits until the response is complete; {@code false} on timeout. */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return completed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int status() {
        synchronized (lock) {
            return status;
        }
    }

    /** First value of a response header, case-insensitive, or {@code null}. */
    public String responseHeader(String name) {
        List<String> values = responseHeaders(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a response header, in order. */
    public List<String> responseHeaders(String name) {
        return responseHeaders().all(name);
    }

    /** A copy of the response headers as sent, {@code Content-Length} included when it was set. */
    public Headers responseHeaders() {
        synchronized (lock) {
            Headers copy = new Headers(responseHeaders.size() + 1);
            responseHeaders.forEach(copy::add);
            if (contentLength >= 0 && !copy.contains("Content-Length")) {
                copy.add("Content-Length", Long.toString(contentLength));
            }
            return copy;
        }
    }

    public byte[] responseBodyBytes() {
        synchronized (lock) {
            return body.toByteArray();
        }
    }

    public String responseBodyText() {
        return new String(responseBodyBytes(), StandardCharsets.UTF_8);
    }

    /** Why the response was aborted, or {@code null} if it was not. */
    public Throwable abortCause() {
        synchronized (lock) {
            return abortCause;
        }
    }

    /** Whether the response was kept open after {@code handle} returned. */
    public boolean isAsync() {
        synchronized (lock) {
            return async;
        }
    }

    /** Builds an {@link MemoryExchange}. */
    public static final class Builder {
        private final String method;
        private final String target;
        private String contextPath = "";
        private String scheme = "http";
        private String host = "localhost";
        private final Headers headers = new Headers();
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private String remoteAddress = "127.0.0.1";
        private Principal principal;
        private boolean asyncSupported = true;

        private Builder(String method, String target) {
            this.method = Objects.requireNonNull(method, "method");
            this.target = Objects.requireNonNull(target, "target");
            if (!target.startsWith("/")) {
                throw new IllegalArgumentException("Request target '" + target + "' must start with '/'");
            }
        }

        /**
         * The context path the application is deployed at: {@code ""} (the default) or a path such as
         * {@code /shop}, without a trailing slash. The request target must lie under it.
         */
        public Builder contextPath(String contextPath) {
            Objects.requireNonNull(contextPath);
            if (!contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
                throw new IllegalArgumentException("Context path '" + contextPath
                        + "' must be empty or start with '/' and not end with '/'");
            }
            this.contextPath = contextPath;
            return this;
        }

        public Builder scheme(String scheme) {
            this.scheme = Objects.requireNonNull(scheme);
            return this;
        }

        /** The host used when no {@code Host} header is given. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** Adds a header value (names are case-insensitive). */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** An attribute the transport carries with the request ({@link Exchange#attribute}). */
        public Builder attribute(String name, Object value) {
            attributes.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body.clone();
            return this;
        }

        public Builder body(String body) {
            this.body = body.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The client's address; {@code null} when the transport does not know it. */
        public Builder remoteAddress(String remoteAddress) {
            this.remoteAddress = remoteAddress;
            return this;
        }

        public Builder principal(Principal principal) {
            this.principal = principal;
            return this;
        }

        /** A transport that cannot keep a response open after {@code handle} returns. */
        public Builder withoutAsync() {
            this.asyncSupported = false;
            return this;
        }

        public MemoryExchange build() {
            return new MemoryExchange(this);
        }
    }
}
