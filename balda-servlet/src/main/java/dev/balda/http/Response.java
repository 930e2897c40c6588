package dev.balda.http;

import dev.balda.sse.SseStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The response under construction. It is buffered: nothing reaches the client until the whole
 * middleware chain has returned, so code after {@code next} may still change the status, headers
 * and body. The exceptions are streams ({@link #stream(String)}, {@link #sse()}): they send the
 * headers at once, after which header changes are ignored (as in the servlet API) and a failure
 * closes the connection instead of writing an error.
 *
 * <p>Defaults: status 200, no body, no content type. Every method returns the response so calls
 * chain, and a handler may simply return the result: {@code (req, res) -> res.json(user)}.
 *
 * <p>Header names and values are checked: a CR or LF (or another control character) makes
 * {@link #header} throw {@code IllegalArgumentException}, so no input can split a response.
 */
public interface Response {

    // ---------------------------------------------------------------- status and headers

    /**
     * Sets the status.
     *
     * @throws IllegalArgumentException outside 100-599
     */
    Response status(int status);

    int status();

    /** Sets a header, replacing earlier values of the same name. */
    Response header(String name, String value);

    /** Adds a header value beside earlier ones of the same name. */
    Response addHeader(String name, String value);

    /** Removes every value of a header. */
    Response removeHeader(String name);

    /** The first value of a response header, or {@code null}. */
    String header(String name);

    /** Every value of a response header, in order. */
    List<String> headers(String name);

    /** The names of the headers set so far. */
    Collection<String> headerNames();

    /** Sets {@code Content-Type}. */
    default Response contentType(String contentType) {
        return header("Content-Type", contentType);
    }

    /** The {@code Content-Type} set so far, or {@code null}. */
    default String contentType() {
        return header("Content-Type");
    }

    /** Adds a {@code Set-Cookie} header; each cookie stays its own header line. */
    default Response cookie(Cookie cookie) {
        return addHeader("Set-Cookie", cookie.toSetCookie());
    }

    /** Adds a cookie with the default attributes ({@code Path=/; HttpOnly; SameSite=Lax; Secure}). */
    default Response cookie(String name, String value) {
        return cookie(Cookie.of(name, value));
    }

    /**
     * Adds a cookie whose attributes start from the defaults and are changed by {@code options}:
     * {@code res.cookie("theme", "dark", c -> c.maxAge(Duration.ofDays(30)).signed(true))}.
     */
    default Response cookie(String name, String value, Consumer<Cookie.Builder> options) {
        Cookie.Builder builder = Cookie.builder(name, value);
        options.accept(builder);
        return cookie(builder.build());
    }

    /** Tells the client to delete a cookie set with path {@code /}. */
    default Response clearCookie(String name) {
        return clearCookie(name, c -> { });
    }

    /** Tells the client to delete a cookie set with other attributes (path, domain) than the defaults. */
    default Response clearCookie(String name, Consumer<Cookie.Builder> options) {
        Cookie.Builder builder = Cookie.builder(name, "");
        options.accept(builder);
        return cookie(builder.signed(false).maxAge(Duration.ZERO).expires(Instant.EPOCH).build());
    }

    /**
     * Adds a request header's name to {@code Vary}, merged with what is there: one header line,
     * names compared without case and never repeated, and {@code *} (varies on everything) kept
     * as the whole value. Every part of Balda that makes a response depend on a request header
     * (CORS on {@code Origin}, compression on {@code Accept-Encoding}) goes through here, so none
     * overwrites another's.
     */
    default Response vary(String field) {
        Headers.check("Vary", field);
        String merged = VaryMerge.merge(headers("Vary"), field);
        return merged == null ? this : header("Vary", merged);
    }

    // ---------------------------------------------------------------- bodies

    /** Serialises a value with the application's {@code ObjectMapper}; {@code application/json}. */
    Response json(Object value);

    /** {@code text/plain; charset=utf-8}. */
    Response text(String text);

    /** {@code text/html; charset=utf-8}. */
    Response html(String html);

    /** {@code application/xml; charset=utf-8}. */
    Response xml(String xml);

    /**
     * Sends by type: a {@code String} as text, a {@code byte[]} as {@code application/octet-stream},
     * {@code null} as an empty body, anything else as JSON. A content type set before is kept.
     */
    Response send(Object body);

    /** The buffered body so far, or {@code null} when there is none or it is a file or stream. */
    byte[] body();

    /**
     * Sends a file, streamed from disk when the response is written (never read whole), with a
     * content type from its extension unless one was set.
     *
     * @throws HttpException 404 when the file does not exist or is not readable
     */
    Response file(Path file);

    /** As {@link #file(Path)}, with {@code Content-Disposition: attachment} and the file's own name. */
    default Response download(Path file) {
        return download(file, file.getFileName() == null ? "download" : file.getFileName().toString());
    }

    /** As {@link #file(Path)}, with {@code Content-Disposition: attachment; filename=...}. */
    default Response download(Path file, String filename) {
        file(file);
        return header("Content-Disposition", ContentDisposition.attachment(filename));
    }

    /**
     * Commits the status and headers set so far and returns a stream to the client, for large or
     * generated bodies. The response ends when the handler chain returns (closing the stream
     * early is fine).
     */
    OutputStream stream(String contentType);

    /**
     * Starts a server-sent-events stream: commits {@code 200 text/event-stream} with caching off and
     * returns the stream. The stream may outlive the handler (it is kept open asynchronously until
     * closed); it notices a client that went away on the next write.
     */
    SseStream sse();

    /** Whether the status and headers have been sent. */
    boolean committed();

    /**
     * Hands the connection to the container, which answers instead of Balda (used for protocol
     * upgrades such as WebSocket): the pipeline will write nothing.
     */
    void detach();

    /** Whether {@link #detach()} was called. */
    boolean detached();

    /**
     * The container's response, for what Balda does not cover. Writing to it directly bypasses
     * Balda's buffering.
     *
     * @throws IllegalStateException outside a servlet container (the testkit's mock server)
     */
    HttpServletResponse servletResponse();

    // ---------------------------------------------------------------- errors

    /**
     * The status with the one error body, {@code {"code": ..., "message": ...}}, whose code is the
     * status's standard one ({@code 409} gives {@code CONFLICT}).
     */
    default Response error(int status, String message) {
        return status(status).json(HttpException.errorBody(HttpStatus.errorCode(status), message));
    }

    /** As {@link #error(int, String)}, with the status's reason phrase as the message. */
    default Response error(int status) {
        return error(status, HttpStatus.reasonPhrase(status));
    }

    // ---------------------------------------------------------------- redirects

    /** 302 with {@code Location}. */
    default Response redirect(String url) {
        return redirect(302, url);
    }

    /**
     * A redirect with a chosen 3xx status, {@code Location} and no body.
     *
     * @throws IllegalArgumentException if the status is not 300-399
     */
    default Response redirect(int status, String url) {
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("A redirect needs a 3xx status, not " + status);
        }
        return header("Location", url).status(status).send(null);
    }

    default Response multipleChoices(String url) {
        return redirect(300, url);
    }

    default Response movedPermanently(String url) {
        return redirect(301, url);
    }

    default Response found(String url) {
        return redirect(302, url);
    }

    default Response seeOther(String url) {
        return redirect(303, url);
    }

    /** 304, no body. */
    default Response notModified() {
        return status(304).send(null);
    }

    default Response temporaryRedirect(String url) {
        return redirect(307, url);
    }

    default Response permanentRedirect(String url) {
        return redirect(308, url);
    }

    // ---------------------------------------------------------------- success

    default Response ok() {
        return status(200);
    }

    default Response ok(Object body) {
        return status(200).send(body);
    }

    default Response created() {
        return status(201);
    }

    default Response created(Object body) {
        return status(201).send(body);
    }

    default Response accepted() {
        return status(202);
    }

    default Response accepted(Object body) {
        return status(202).send(body);
    }

    /** 204, no body. */
    default Response noContent() {
        return status(204).send(null);
    }

    default Response partialContent(Object body) {
        return status(206).send(body);
    }

    // ---------------------------------------------------------------- client and server errors
    // Without a body these send the one error body, e.g. {"code":"NOT_FOUND","message":"Not Found"}.

    default Response badRequest() {
        return error(400);
    }

    default Response badRequest(Object body) {
        return status(400).send(body);
    }

    default Response unauthorized() {
        return error(401);
    }

    default Response unauthorized(Object body) {
        return status(401).send(body);
    }

    default Response forbidden() {
        return error(403);
    }

    default Response forbidden(Object body) {
        return status(403).send(body);
    }

    default Response notFound() {
        return error(404);
    }

    default Response notFound(Object body) {
        return status(404).send(body);
    }

    default Response methodNotAllowed() {
        return error(405);
    }

    default Response methodNotAllowed(Object body) {
        return status(405).send(body);
    }

    default Response notAcceptable() {
        return error(406);
    }

    default Response notAcceptable(Object body) {
        return status(406).send(body);
    }

    default Response conflict() {
        return error(409);
    }

    default Response conflict(Object body) {
        return status(409).send(body);
    }

    default Response gone() {
        return error(410);
    }

    default Response gone(Object body) {
        return status(410).send(body);
    }

    default Response payloadTooLarge() {
        return error(413);
    }

    default Response payloadTooLarge(Object body) {
        return status(413).send(body);
    }

    default Response unsupportedMediaType() {
        return error(415);
    }

    default Response unsupportedMediaType(Object body) {
        return status(415).send(body);
    }

    default Response unprocessableEntity() {
        return error(422);
    }

    default Response unprocessableEntity(Object body) {
        return status(422).send(body);
    }

    default Response tooManyRequests() {
        return error(429);
    }

    default Response tooManyRequests(Object body) {
        return status(429).send(body);
    }

    default Response internalServerError() {
        return error(500);
    }

    default Response internalServerError(Object body) {
        return status(500).send(body);
    }

    default Response notImplemented() {
        return error(501);
    }

    default Response notImplemented(Object body) {
        return status(501).send(body);
    }

    default Response badGateway() {
        return error(502);
    }

    default Response badGateway(Object body) {
        return status(502).send(body);
    }

    default Response serviceUnavailable() {
        return error(503);
    }

    default Response serviceUnavailable(Object body) {
        return status(503).send(body);
    }

    default Response gatewayTimeout() {
        return error(504);
    }

    default Response gatewayTimeout(Object body) {
        return status(504).send(body);
    }

    default Response httpVersionNotSupported() {
        return error(505);
    }

    default Response httpVersionNotSupported(Object body) {
        return status(505).send(body);
    }
}
