package dev.balda.internal;

import dev.balda.http.Cookie;
import dev.balda.http.Headers;
import dev.balda.http.HttpException;
import dev.balda.http.HttpStatus;
import dev.balda.http.Response;
import dev.balda.sse.SseStream;
import dev.balda.transport.Exchange;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Response} that buffers status, headers and body until the pipeline calls
 * {@link #finish}, except for streams, which commit at once. The status and redirect helpers are
 * the interface's default methods; this class holds the state and the commit.
 */
public final class BufferedResponse implements Response {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedResponse.class);
    private static final byte[] EMPTY = new byte[0];

    private final Exchange exchange;
    private final JsonCodec json;
    private final Headers headers = new Headers();
    private int status = 200;
    private byte[] body;
    private Path file;
    private boolean committed;
    private boolean detached;
    private OutputStream stream;
    private DefaultSseStream sse;
    /** Taken by whoever writes the response first: the pipeline, a stream, or an early answer. */
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile boolean sealed;
    private UnaryOperator<Cookie> cookieSigner;

    public BufferedResponse(Exchange exchange, JsonCodec json) {
        this.exchange = exchange;
        this.json = json;
    }

    // ------------------------------------------------------------------ status and headers

    @Override
    public Response status(int status) {
        if (!HttpStatus.isValid(status)) {
            throw new IllegalArgumentException("HTTP status must be 100-599, not " + status);
        }
        if (!ignoredAfterCommit("status")) {
            this.status = status;
        }
        return this;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public Response header(String name, String value) {
        Headers.check(name, value);
        if (!ignoredAfterCommit("header " + name)) {
            headers.set(name, value);
        }
        return this;
    }

    @Override
    public Response addHeader(String name, String value) {
        Headers.check(name, value);
        if (!ignoredAfterCommit("header " + name)) {
            headers.add(name, value);
        }
        return this;
    }

    @Override
    public Response removeHeader(String name) {
        if (!ignoredAfterCommit("header " + name)) {
            headers.remove(name);
        }
        return this;
    }

    @Override
    public String header(String name) {
        return headers.first(name);
    }

    @Override
    public List<String> headers(String name) {
        return headers.all(name);
    }

    @Override
    public Collection<String> headerNames() {
        return headers.names();
    }

    private boolean ignoredAfterCommit(String what) {
        if (committed || detached) {
            LOG.debug("Ignored a change of {} after the response was committed", what);
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ bodies

    /** Sets the body; a content type is added only if none is set ({@code send} keeps the user's). */
    private Response setBody(byte[] bytes, String defaultType) {
        if (ignoredAfterCommit("body")) {
            return this;
        }
        this.body = bytes;
        this.file = null;
        if (defaultType != null && !headers.contains("Content-Type")) {
            headers.add("Content-Type", defaultType);
        }
        return this;
    }

    /** Sets the body and its content type, replacing one set before. */
    private Response setTypedBody(byte[] bytes, String type) {
        if (ignoredAfterCommit("body")) {
            return this;
        }
        headers.set("Content-Type", type);
        this.body = bytes;
        this.file = null;
        return this;
    }

    @Override
    public Response json(Object value) {
        return setTypedBody(json.write(value), ContentTypes.JSON);
    }

    @Override
    public Response text(String text) {
        return setTypedBody(utf8(text), ContentTypes.TEXT);
    }

    @Override
    public Response html(String html) {
        return setTypedBody(utf8(html), ContentTypes.HTML);
    }

    @Override
    public Response xml(String xml) {
        return setTypedBody(utf8(xml), ContentTypes.XML);
    }

    private static byte[] utf8(String s) {
        return s == null ? EMPTY : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Response send(Object value) {
        if (value == null) {
            return setBody(null, null);
        }
        if (value instanceof String s) {
            return setBody(utf8(s), ContentTypes.TEXT);
        }
        if (value instanceof byte[] bytes) {
            return setBody(bytes, ContentTypes.OCTET_STREAM);
        }
        return setBody(json.write(value), ContentTypes.JSON);
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public Response file(Path path) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw HttpException.notFound("File not found");
        }
        if (ignoredAfterCommit("body")) {
            return this;
        }
        this.file = path;
        this.body = null;
        if (!headers.contains("Content-Type")) {
            headers.add("Content-Type", ContentTypes.forFile(path));
        }
        return this;
    }

    @Override
    public OutputStream stream(String contentType) {
        if (committed || detached) {
            throw new IllegalStateException("The response was already committed; a stream can be started only once");
        }
        if (contentType != null) {
            header("Content-Type", contentType);
        }
        body = null;
        file = null;
        try {
            commitHeaders(-1);
            stream = exchange.responseBody();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stream;
    }

    @Override
    public SseStream sse() {
        if (committed || detached) {
            throw new IllegalStateException("The response was already committed; an SSE stream must be started first");
        }
        header("Content-Type", "text/event-stream; charset=utf-8");
        header("Cache-Control", "no-cache");
        // Reverse proxies such as nginx buffer responses unless told not to; events must flow now.
        header("X-Accel-Buffering", "no");
        body = null;
        file = null;
        try {
            commitHeaders(-1);
            OutputStream out = exchange.responseBody();
            sse = new DefaultSseStream(out);
            sse.attach(exchange.startAsync(sse::clientGone));
            out.flush();
        } catch (IOException e) {
            if (sse != null) {
                sse.clientGone();
            } else {
                throw new UncheckedIOException(e);
            }
        }
        return sse;
    }

    @Override
    public boolean committed() {
        return committed || sealed;
    }

    /** Whether the response outlives the pipeline (an SSE stream the transport keeps open). */
    boolean keptOpen() {
        return sse != null && sse.isOpen() && sse.attached();
    }

    /**
     * Claims the response for an answer written elsewhere (a timeout's), unless it is already being
     * written; afterwards nothing the chain does reaches the client.
     */
    boolean seal() {
        if (detached || !claimed.compareAndSet(false, true)) {
            return false;
        }
        sealed = true;
        return true;
    }

    /** Whether {@link #seal()} took the response. */
    boolean answeredEarly() {
        return sealed;
    }

    /** Lets the cookie plugin sign cookies built with {@code signed(true)}. */
    public void cookieSigner(UnaryOperator<Cookie> signer) {
        this.cookieSigner = signer;
    }

    @Override
    public Response cookie(Cookie cookie) {
        if (cookie.signed()) {
            if (cookieSigner == null) {
                throw new IllegalStateException("Cookie '" + cookie.name() + "' is to be signed: add"
                        + " CookiePlugin.builder().secrets(...) to app.use(...) (dev.balda.plugin.cookie)");
            }
            cookie = cookieSigner.apply(cookie);
        }
        return addHeader("Set-Cookie", cookie.toSetCookie());
    }

    @Override
    public void detach() {
        if (committed) {
            throw new IllegalStateException("The response was already committed; it cannot be handed to the container");
        }
        detached = true;
    }

    @Override
    public boolean detached() {
        return detached;
    }

    @Override
    public HttpServletResponse servletResponse() {
        HttpServletResponse response = exchange.servletResponse();
        if (response == null) {
            throw new IllegalStateException("This response does not go through a servlet container"
                    + " (it runs in the mock server); there is no HttpServletResponse");
        }
        return response;
    }

    // ------------------------------------------------------------------ pipeline side

    /** The headers set so far, for the pipeline's own use (a protocol upgrade passes them on). */
    Headers headerFields() {
        return headers;
    }

    /** Clears what a failed handler left, keeping non-content headers (CORS, cookies) for the error answer. */
    void resetForError() {
        body = null;
        file = null;
        status = 500;
        headers.removeContentHeaders();
    }

    /**
     * Sends status and headers. A {@code Content-Length} header the user set is honoured only for
     * streams (whose length only the user knows); buffered bodies and files carry their real length.
     */
    private void commitHeaders(long contentLength) {
        if (!claimed.compareAndSet(false, true)) {
            throw new IllegalStateException("The response was already answered (the request timed out)");
        }
        exchange.setStatus(status);
        String[] declaredLength = new String[1];
        headers.forEach((name, value) -> {
            if (name.equalsIgnoreCase("Content-Length")) {
                declaredLength[0] = value;
            } else {
                exchange.addHeader(name, value);
            }
        });
        if (contentLength >= 0) {
            exchange.setContentLength(contentLength);
        } else if (declaredLength[0] != null && body == null && file == null && status != 204 && status != 304) {
            exchange.addHeader("Content-Length", declaredLength[0]);
        }
        committed = true;
    }

    /**
     * Writes the buffered response, or lets a started stream end. For {@code HEAD} the headers
     * (with the length the body would have) go out without the body.
     */
    void finish(boolean head) throws IOException {
        if (detached || sealed) {
            return;
        }
        if (sse != null) {
            sse.handlerReturned();
            return;
        }
        if (stream != null) {
            stream.flush();
            return;
        }
        boolean bodiless = status < 200 || status == 204 || status == 304;
        if (file != null && !bodiless) {
            finishFile(head);
            return;
        }
        if (bodiless) {
            commitHeaders(-1);
            return;
        }
        int length = body == null ? 0 : body.length;
        commitHeaders(length);
        if (!head && length > 0) {
            OutputStream out = exchange.responseBody();
            out.write(body);
        }
    }

    private void finishFile(boolean head) throws IOException {
        InputStream in;
        long size;
        try {
            size = Files.size(file);
            in = head ? null : Files.newInputStream(file);
        } catch (IOException e) {
            LOG.debug("File {} vanished before it was sent: {}", file, e.toString());
            file = null;
            headers.removeContentHeaders();
            error(404, "File not found");
            finish(head);
            return;
        }
        commitHeaders(size);
        if (in != null) {
            try (in) {
                in.transferTo(exchange.responseBody());
            }
        }
    }
}
