package dev.balda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.error.HttpException;
import dev.balda.http.Cookie;
import dev.balda.http.HttpStatus;
import dev.balda.http.Response;
import dev.balda.sse.SseStream;
import dev.balda.transport.Exchange;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Response} that buffers status, headers and body until the pipeline calls
 * {@link #finish()}, except for streams, which commit at once.
 */
final class BufferedResponse implements Response {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedResponse.class);

    private final Exchange exchange;
    private final ObjectMapper mapper;
    private int status = 200;
    private final List<String[]> headers = new ArrayList<>(8);
    private byte[] body;
    private Path file;
    private boolean committed;
    private boolean detached;
    private OutputStream stream;
    private DefaultSseStream sse;

    BufferedResponse(Exchange exchange, ObjectMapper mapper) {
        this.exchange = exchange;
        this.mapper = mapper;
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
        checkHeader(name, value);
        if (!ignoredAfterCommit("header " + name)) {
            headers.removeIf(h -> h[0].equalsIgnoreCase(name));
            headers.add(new String[] {name, value});
        }
        return this;
    }

    @Override
    public Response addHeader(String name, String value) {
        checkHeader(name, value);
        if (!ignoredAfterCommit("header " + name)) {
            headers.add(new String[] {name, value});
        }
        return this;
    }

    @Override
    public Response removeHeader(String name) {
        if (!ignoredAfterCommit("header " + name)) {
            headers.removeIf(h -> h[0].equalsIgnoreCase(name));
        }
        return this;
    }

    @Override
    public String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(1);
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                values.add(h[1]);
            }
        }
        return values;
    }

    @Override
    public Collection<String> headerNames() {
        Collection<String> names = new LinkedHashSet<>();
        for (String[] h : headers) {
            names.add(h[0]);
        }
        return names;
    }

    @Override
    public Response contentType(String contentType) {
        return header("Content-Type", contentType);
    }

    @Override
    public String contentType() {
        return header("Content-Type");
    }

    @Override
    public Response cookie(Cookie cookie) {
        return addHeader("Set-Cookie", cookie.toSetCookie());
    }

    @Override
    public Response cookie(String name, String value) {
        return cookie(Cookie.of(name, value));
    }

    @Override
    public Response clearCookie(String name) {
        return cookie(Cookie.builder(name, "").maxAge(Duration.ZERO).expires(Instant.EPOCH).build());
    }

    private static void checkHeader(String name, String value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!token) {
                throw new IllegalArgumentException("Header name '" + name.replaceAll("[\\r\\n]", "?")
                        + "' contains a character not allowed in header names (position " + i + ")");
            }
        }
        if (value == null) {
            throw new IllegalArgumentException("Header '" + name + "' must not be null; use removeHeader");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("Header '" + name + "' has a CR or LF in its value (position " + i
                        + "); that would split the response, so it is refused");
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new IllegalArgumentException("Header '" + name + "' has a control character in its value (position "
                        + i + ")");
            }
        }
    }

    private boolean ignoredAfterCommit(String what) {
        if (committed || detached) {
            LOG.debug("Ignored a change of {} after the response was committed", what);
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ bodies

    private Response setBody(byte[] bytes, String defaultType) {
        if (ignoredAfterCommit("body")) {
            return this;
        }
        this.body = bytes;
        this.file = null;
        if (defaultType != null && contentType() == null) {
            headers.add(new String[] {"Content-Type", defaultType});
        }
        return this;
    }

    private Response setBodyForcingType(byte[] bytes, String type) {
        if (ignoredAfterCommit("body")) {
            return this;
        }
        header("Content-Type", type);
        this.body = bytes;
        this.file = null;
        return this;
    }

    @Override
    public Response json(Object value) {
        return setBodyForcingType(toJson(value), ContentTypes.JSON);
    }

    private byte[] toJson(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Could not write a " + (value == null ? "null" : value.getClass().getName())
                    + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Response text(String text) {
        return setBodyForcingType(utf8(text), ContentTypes.TEXT);
    }

    @Override
    public Response html(String html) {
        return setBodyForcingType(utf8(html), ContentTypes.HTML);
    }

    @Override
    public Response xml(String xml) {
        return setBodyForcingType(utf8(xml), ContentTypes.XML);
    }

    private static byte[] utf8(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
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
        return setBody(toJson(value), ContentTypes.JSON);
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
        if (contentType() == null) {
            headers.add(new String[] {"Content-Type", ContentTypes.forFile(path)});
        }
        return this;
    }

    @Override
    public Response download(Path path) {
        return download(path, path.getFileName() == null ? "download" : path.getFileName().toString());
    }

    @Override
    public Response download(Path path, String filename) {
        file(path);
        return header("Content-Disposition", contentDisposition(filename));
    }

    /** RFC 6266: an ASCII fallback name plus the exact name in RFC 5987 encoding. */
    static String contentDisposition(String filename) {
        StringBuilder ascii = new StringBuilder();
        StringBuilder encoded = new StringBuilder();
        for (byte b : filename.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean attrChar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            encoded.append(attrChar ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
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
            throw new java.io.UncheckedIOException(e);
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
                throw new java.io.UncheckedIOException(e);
            }
        }
        return sse;
    }

    @Override
    public boolean committed() {
        return committed;
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

    // ------------------------------------------------------------------ redirects

    @Override
    public Response redirect(String url) {
        return redirect(302, url);
    }

    @Override
    public Response redirect(int status, String url) {
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("A redirect needs a 3xx status, not " + status);
        }
        header("Location", url);
        status(status);
        return setBody(null, null);
    }

    @Override
    public Response multipleChoices(String url) {
        return redirect(300, url);
    }

    @Override
    public Response movedPermanently(String url) {
        return redirect(301, url);
    }

    @Override
    public Response found(String url) {
        return redirect(302, url);
    }

    @Override
    public Response seeOther(String url) {
        return redirect(303, url);
    }

    @Override
    public Response notModified() {
        status(304);
        return setBody(null, null);
    }

    @Override
    public Response temporaryRedirect(String url) {
        return redirect(307, url);
    }

    @Override
    public Response permanentRedirect(String url) {
        return redirect(308, url);
    }

    // ------------------------------------------------------------------ status helpers

    private Response statusAndSend(int code, Object value) {
        status(code);
        return send(value);
    }

    /** The status with the standard error body. */
    Response error(int code) {
        return error(code, HttpStatus.reasonPhrase(code));
    }

    Response error(int code, String message) {
        Map<String, Object> errorBody = new LinkedHashMap<>();
        errorBody.put("code", HttpStatus.errorCode(code));
        errorBody.put("message", message);
        status(code);
        return json(errorBody);
    }

    @Override
    public Response ok() {
        status(200);
        return this;
    }

    @Override
    public Response ok(Object value) {
        return statusAndSend(200, value);
    }

    @Override
    public Response created() {
        status(201);
        return this;
    }

    @Override
    public Response created(Object value) {
        return statusAndSend(201, value);
    }

    @Override
    public Response accepted() {
        status(202);
        return this;
    }

    @Override
    public Response accepted(Object value) {
        return statusAndSend(202, value);
    }

    @Override
    public Response noContent() {
        status(204);
        return setBody(null, null);
    }

    @Override
    public Response partialContent(Object value) {
        return statusAndSend(206, value);
    }

    @Override
    public Response badRequest() {
        return error(400);
    }

    @Override
    public Response badRequest(Object value) {
        return statusAndSend(400, value);
    }

    @Override
    public Response unauthorized() {
        return error(401);
    }

    @Override
    public Response unauthorized(Object value) {
        return statusAndSend(401, value);
    }

    @Override
    public Response forbidden() {
        return error(403);
    }

    @Override
    public Response forbidden(Object value) {
        return statusAndSend(403, value);
    }

    @Override
    public Response notFound() {
        return error(404);
    }

    @Override
    public Response notFound(Object value) {
        return statusAndSend(404, value);
    }

    @Override
    public Response methodNotAllowed() {
        return error(405);
    }

    @Override
    public Response methodNotAllowed(Object value) {
        return statusAndSend(405, value);
    }

    @Override
    public Response notAcceptable() {
        return error(406);
    }

    @Override
    public Response notAcceptable(Object value) {
        return statusAndSend(406, value);
    }

    @Override
    public Response conflict() {
        return error(409);
    }

    @Override
    public Response conflict(Object value) {
        return statusAndSend(409, value);
    }

    @Override
    public Response gone() {
        return error(410);
    }

    @Override
    public Response gone(Object value) {
        return statusAndSend(410, value);
    }

    @Override
    public Response payloadTooLarge() {
        return error(413);
    }

    @Override
    public Response payloadTooLarge(Object value) {
        return statusAndSend(413, value);
    }

    @Override
    public Response unsupportedMediaType() {
        return error(415);
    }

    @Override
    public Response unsupportedMediaType(Object value) {
        return statusAndSend(415, value);
    }

    @Override
    public Response unprocessableEntity() {
        return error(422);
    }

    @Override
    public Response unprocessableEntity(Object value) {
        return statusAndSend(422, value);
    }

    @Override
    public Response tooManyRequests() {
        return error(429);
    }

    @Override
    public Response tooManyRequests(Object value) {
        return statusAndSend(429, value);
    }

    @Override
    public Response internalServerError() {
        return error(500);
    }

    @Override
    public Response internalServerError(Object value) {
        return statusAndSend(500, value);
    }

    @Override
    public Response notImplemented() {
        return error(501);
    }

    @Override
    public Response notImplemented(Object value) {
        return statusAndSend(501, value);
    }

    @Override
    public Response badGateway() {
        return error(502);
    }

    @Override
    public Response badGateway(Object value) {
        return statusAndSend(502, value);
    }

    @Override
    public Response serviceUnavailable() {
        return error(503);
    }

    @Override
    public Response serviceUnavailable(Object value) {
        return statusAndSend(503, value);
    }

    @Override
    public Response gatewayTimeout() {
        return error(504);
    }

    @Override
    public Response gatewayTimeout(Object value) {
        return statusAndSend(504, value);
    }

    @Override
    public Response httpVersionNotSupported() {
        return error(505);
    }

    @Override
    public Response httpVersionNotSupported(Object value) {
        return statusAndSend(505, value);
    }

    // ------------------------------------------------------------------ pipeline side

    /** Clears what a failed handler left, keeping non-content headers (CORS, cookies) for the error answer. */
    void resetForError() {
        body = null;
        file = null;
        status = 500;
        headers.removeIf(h -> h[0].regionMatches(true, 0, "Content-", 0, 8));
    }

    /** Whether a stream (plain or SSE) was started. */
    boolean streaming() {
        return stream != null || sse != null;
    }

    /**
     * Sends status and headers. A {@code Content-Length} header the user set is honoured only for
     * streams (whose length only the user knows); buffered bodies and files carry their real length.
     */
    private void commitHeaders(long contentLength) {
        exchange.setStatus(status);
        String declaredLength = null;
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("Content-Length")) {
                declaredLength = h[1];
            } else {
                exchange.addHeader(h[0], h[1]);
            }
        }
        if (contentLength >= 0) {
            exchange.setContentLength(contentLength);
        } else if (declaredLength != null && body == null && file == null && status != 204 && status != 304) {
            exchange.addHeader("Content-Length", declaredLength);
        }
        committed = true;
    }

    /**
     * Writes the buffered response, or lets a started stream end. For {@code HEAD} the headers
     * (with the length the body would have) go out without the body.
     */
    void finish(boolean head) throws IOException {
        if (detached) {
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
            headers.removeIf(h -> h[0].regionMatches(true, 0, "Content-", 0, 8));
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
