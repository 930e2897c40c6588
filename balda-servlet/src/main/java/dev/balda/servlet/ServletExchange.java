package dev.balda.servlet;

import dev.balda.transport.Exchange;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link Exchange} over the servlet API; it reads nothing from the request until asked. */
final class ServletExchange implements Exchange {
    /**
     * Tomcat's sendfile, offered to any servlet or filter through request attributes (its own
     * default servlet uses them): the container says whether it can, and sends the named part of
     * the file after the filter returns, with no copy through the JVM.
     */
    private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
    private static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
    private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    /** The application's context path as its {@code ServletContext} says it (decoded, canonical). */
    private final String context;
    private String rawPath;
    private ServletSuspension suspension;

    ServletExchange(HttpServletRequest request, HttpServletResponse response, String context) {
        this.request = request;
        this.response = response;
        this.context = context;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String rawPath() {
        String path = rawPath;
        if (path == null) {
            path = afterContext(request.getRequestURI());
            rawPath = path;
        }
        return path;
    }

    /**
     * The request URI after the context path. The request's own {@code getContextPath()} finds the
     * context in the URI as sent, which costs Tomcat a decode and a normalization on every call
     * (12% of a small static file's CPU); when the URI starts with the context as the application
     * knows it, that is where the context ends, and only a URI that names it in another form
     * (encoded characters) asks the request. Path parameters of the context's last segment
     * ({@code /shop;v=1/items}) are not part of the path: Jetty leaves them out of its context
     * path, Tomcat keeps them in it.
     */
    private String afterContext(String uri) {
        if (context.isEmpty()) {
            return uri;
        }
        int end = uri.startsWith(context) ? context.length() : -1;
        if (end < 0 || end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != ';') {
            String sent = request.getContextPath();
            if (sent.isEmpty() || !uri.startsWith(sent)) {
                return uri;
            }
            end = sent.length();
        }
        if (end < uri.length() && uri.charAt(end) == ';') {
            int slash = uri.indexOf('/', end);
            end = slash < 0 ? uri.length() : slash;
        }
        return uri.substring(end);
    }

    @Override
    public String rawQuery() {
        return request.getQueryString();
    }

    @Override
    public String contextPath() {
        return request.getContextPath();
    }

    @Override
    public String scheme() {
        return request.getScheme();
    }

    @Override
    public String host() {
        String host = request.getHeader("Host");
        if (host != null && !host.isEmpty()) {
            return host;
        }
        int port = request.getServerPort();
        boolean defaultPort = port == 80 && "http".equals(request.getScheme())
                || port == 443 && "https".equals(request.getScheme());
        return defaultPort ? request.getServerName() : request.getServerName() + ":" + port;
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public List<String> headers(String name) {
        return Collections.list(request.getHeaders(name));
    }

    @Override
    public Collection<String> headerNames() {
        return Collections.list(request.getHeaderNames());
    }

    @Override
    public long contentLength() {
        return request.getContentLengthLong();
    }

    @Override
    public InputStream requestBody() throws IOException {
        return request.getInputStream();
    }

    @Override
    public long bodyAvailable() {
        try {
            return request.getInputStream().available();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public Principal userPrincipal() {
        return request.getUserPrincipal();
    }

    @Override
    public Object attribute(String name) {
        return request.getAttribute(name);
    }

    @Override
    public HttpServletRequest servletRequest() {
        return request;
    }

    @Override
    public HttpServletResponse servletResponse() {
        return response;
    }

    @Override
    public void setStatus(int status) {
        response.setStatus(status);
    }

    @Override
    public void addHeader(String name, String value) {
        response.addHeader(name, value);
    }

    @Override
    public void setContentLength(long length) {
        response.setContentLengthLong(length);
    }

    @Override
    public OutputStream responseBody() throws IOException {
        return response.getOutputStream();
    }

    @Override
    public boolean sendFile(Path file, long offset, long length) {
        // The container sends the file when the request's own dispatch ends; a suspended request
        // (a body read ahead, a stage that waited) ends later, so it copies the file itself.
        if (request.isAsyncStarted() || !Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT))) {
            return false;
        }
        request.setAttribute(SENDFILE_FILENAME, file.toAbsolutePath().toString());
        request.setAttribute(SENDFILE_START, offset);
        request.setAttribute(SENDFILE_END, offset + length);
        return true;
    }

    @Override
    public AsyncHandle startAsync(Runnable onClientGone) {
        if (!request.isAsyncSupported()) {
            return null;
        }
        AsyncContext context = request.isAsyncStarted() ? request.getAsyncContext() : request.startAsync(request, response);
        // Streams end when the application closes them, not on a container timer.
        context.setTimeout(0);
        AtomicBoolean ended = new AtomicBoolean();
        context.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                ended.set(true);
                onClientGone.run();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                onClientGone.run();
            }

            @Override
            public void onError(AsyncEvent event) {
                onClientGone.run();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // Not re-dispatched: nothing to do.
            }
        });
        return () -> {
            if (ended.compareAndSet(false, true)) {
                try {
                    context.complete();
                } catch (IllegalStateException alreadyDone) {
                    // The container ended the exchange first (client gone, container stopping).
                }
            }
        };
    }

    @Override
    public Suspension suspend() {
        if (suspension == null) {
            if (!request.isAsyncSupported()) {
                return null;
            }
            AsyncContext context = request.isAsyncStarted() ? request.getAsyncContext() : request.startAsync(request, response);
            // Balda keeps its own deadlines (the body's, a timeout plugin's); the container's timer is off.
            context.setTimeout(0);
            suspension = new ServletSuspension(context);
        }
        return suspension;
    }

    /** Suspension over the servlet request's {@link AsyncContext}. */
    private final class ServletSuspension implements Suspension {
        private final AsyncContext context;
        private final AtomicBoolean completed = new AtomicBoolean();

        ServletSuspension(AsyncContext context) {
            this.context = context;
            // The container reports a failure of the exchange (the client gone): end it.
            context.addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    completed.set(true);
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    complete();
                }

                @Override
                public void onError(AsyncEvent event) {
                    complete();
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    // not re-dispatched
                }
            });
        }

        @Override
        public void readBody(BodySink sink) {
            ServletInputStream in;
            try {
                in = request.getInputStream();
            } catch (IOException | RuntimeException e) {
                sink.failed(e);
                return;
            }
            in.setReadListener(new ReadListener() {
                private final byte[] buffer = new byte[8192];
                private boolean stopped;

                @Override
                public void onDataAvailable() throws IOException {
                    // Read only while the container has data at hand: isReady() false means it will
                    // call again when more arrives, so no thread ever waits on the client.
                    while (!stopped && in.isReady()) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            return; // onAllDataRead follows
                        }
                        if (n > 0 && !sink.data(buffer, 0, n)) {
                            stopped = true;
                        }
                    }
                }

                @Override
                public void onAllDataRead() {
                    if (!stopped) {
                        stopped = true;
                        sink.end();
                    }
                }

                @Override
                public void onError(Throwable error) {
                    if (!stopped) {
                        stopped = true;
                        sink.failed(error);
                    }
                }
            });
        }

        @Override
        public void resume(Runnable work) {
            context.start(work);
        }

        /**
         * The servlet API can drop a connection only when an exception leaves a dispatch: the request
         * is dispatched back to the filter, which throws (see {@link BaldaFilter#doFilter}).
         */
        @Override
        public void abort(Throwable cause) {
            if (completed.compareAndSet(false, true)) {
                request.setAttribute(BaldaFilter.ABORT_ATTRIBUTE, cause);
                try {
                    context.dispatch();
                } catch (IllegalStateException alreadyDone) {
                    // The container ended the exchange first.
                }
            }
        }

        @Override
        public void complete() {
            if (completed.compareAndSet(false, true)) {
                try {
                    context.complete();
                } catch (IllegalStateException alreadyDone) {
                    // The container ended the exchange first (client gone, container stopping).
                }
            }
        }
    }

    @Override
    public void abort(Throwable cause) throws IOException {
        throw new ResponseAbortedException(cause);
    }
}
