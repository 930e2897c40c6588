package dev.balda.internal;

import dev.balda.http.Cookie;
import dev.balda.http.Headers;
import dev.balda.http.HttpException;
import dev.balda.http.HttpStatus;
import dev.balda.http.Response;
import dev.balda.plugin.BodyEncoder;
import dev.balda.plugin.BodySource;
import dev.balda.plugin.ResponseListener;
import dev.balda.sse.SseStream;
import dev.balda.transport.Exchange;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
 * the interface's default methods; this class holds the state, and {@link ResponseWriter} sends it.
 *
 * <p>Plugins reach three engine hooks through {@link dev.balda.plugin.ResponseHooks}: a body
 * encoder asked when the response commits (every kind of body goes through it), listeners told
 * when the response has ended, and a body streamed from a source when the response is written.
 * They live in {@link BodyHooks}, created only for a response that uses one.
 */
public final class BufferedResponse implements Response {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedResponse.class);
    private static final byte[] EMPTY = new byte[0];

    private final Exchange exchange;
    private final JsonCodec json;
    private final ResponseWriter writer;
    // The state the writer sends when the response commits. Most responses carry one to three
    // header fields; the list grows when plugins add more.
    final Headers headers = new Headers(4);
    int status = 200;
    byte[] body;
    Path file;
    /** The part of {@link #file} sent: from this offset, this many bytes (-1: to its end). */
    long fileOffset;
    long fileLength = -1;
    BodySource source;
    long sourceLength;
    boolean committed;
    boolean detached;
    /** Taken by whoever writes the response first: the pipeline, a stream, or an early answer. */
    final AtomicBoolean claimed = new AtomicBoolean();
    /** Set when an early answer (a timeout's) took the response; its status, for the end listeners. */
    private volatile int earlyStatus;
    private UnaryOperator<Cookie> cookieSigner;

    public BufferedResponse(Exchange exchange, JsonCodec json) {
        this.exchange = exchange;
        this.json = json;
        this.writer = new ResponseWriter(this, exchange);
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
        int early = earlyStatus;
        return early != 0 ? early : status;
    }

    @Override
    public Response header(String name, String value) {
        // Checked either way, once: a bad header is the caller's bug even after the commit.
        if (ignoredAfterCommit("header " + name)) {
            Headers.check(name, value);
        } else {
            headers.set(name, value);
        }
        return this;
    }

    @Override
    public Response addHeader(String name, String value) {
        if (ignoredAfterCommit("header " + name)) {
            Headers.check(name, value);
        } else {
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
        this.source = null;
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
        this.source = null;
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
        this.fileOffset = 0;
        this.fileLength = -1;
        this.body = null;
        this.source = null;
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
        source = null;
        try {
            return writer.startStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        source = null;
        return writer.startEvents();
    }

    @Override
    public boolean committed() {
        return committed || earlyStatus != 0;
    }

    /** Whether the response outlives the pipeline (an SSE stream the transport keeps open). */
    boolean keptOpen() {
        return writer.keptOpen();
    }

    /**
     * Claims the response for an answer with this status written elsewhere (a timeout's), unless
     * it is already being written; afterwards nothing the chain does reaches the client.
     */
    boolean seal(int status) {
        if (detached || !claimed.compareAndSet(false, true)) {
            return false;
        }
        earlyStatus = status;
        return true;
    }

    /** Whether {@link #seal} took the response. */
    boolean answeredEarly() {
        return earlyStatus != 0;
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

    // ------------------------------------------------------------------ plugin hooks

    /** Engine side of {@link dev.balda.plugin.ResponseHooks#encodeBody}. */
    public void bodyEncoder(BodyEncoder encoder) {
        writer.hooks().encoder(encoder);
    }

    /** Engine side of {@link dev.balda.plugin.ResponseHooks#onEnd}. */
    public void listener(ResponseListener listener) {
        writer.hooks().listener(listener);
    }

    /** Engine side of {@link dev.balda.plugin.ResponseHooks#streamFile}. */
    public void streamFile(Path path, long offset, long length) {
        if (ignoredAfterCommit("body")) {
            return;
        }
        this.file = path;
        this.fileOffset = offset;
        this.fileLength = length;
        this.body = null;
        this.source = null;
    }

    /** Engine side of {@link dev.balda.plugin.ResponseHooks#streamBody}. */
    public void streamBody(long length, BodySource source) {
        if (ignoredAfterCommit("body")) {
            return;
        }
        this.source = source;
        this.sourceLength = length;
        this.body = null;
        this.file = null;
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
        source = null;
        status = 500;
        headers.removeContentHeaders();
    }

    /**
     * Writes the buffered response, or lets a started stream end. For {@code HEAD} the headers
     * (with the length the body would have) go out without the body. Listeners are told the
     * response ended (an event stream's end comes later, when it closes) and that the pipeline
     * let go of this thread.
     */
    void finish(boolean head) throws IOException {
        writer.finish(head);
    }

    /**
     * The response was committed and then failed, or was answered elsewhere (an early answer): the
     * end listeners are told, nothing more is written.
     */
    void abandoned(Throwable failure) {
        writer.abandoned(failure);
    }

    /** The pipeline let go of this thread while the request goes on elsewhere (it was suspended). */
    void threadReleased() {
        writer.threadReleased();
    }
}
