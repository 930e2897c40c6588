package dev.balda.http;

import dev.balda.sse.SseStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

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
    Response contentType(String contentType);

    /** The {@code Content-Type} set so far, or {@code null}. */
    String contentType();

    /** Adds a {@code Set-Cookie} header; each cookie stays its own header line. */
    Response cookie(Cookie cookie);

    /** Adds a cookie with the default attributes ({@code Path=/; HttpOnly; SameSite=Lax; Secure}). */
    Response cookie(String name, String value);

    /** Tells the client to delete a cookie set with path {@code /}. */
    Response clearCookie(String name);

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
     * @throws dev.balda.error.HttpException 404 when the file does not exist or is not readable
     */
    Response file(Path file);

    /** As {@link #file(Path)}, with {@code Content-Disposition: attachment} and the file's own name. */
    Response download(Path file);

    /** As {@link #file(Path)}, with {@code Content-Disposition: attachment; filename=...}. */
    Response download(Path file, String filename);

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

    // ---------------------------------------------------------------- redirects

    /** 302 with {@code Location}. */
    Response redirect(String url);

    /**
     * A redirect with a chosen 3xx status.
     *
     * @throws IllegalArgumentException if the status is not 300-399
     */
    Response redirect(int status, String url);

    Response multipleChoices(String url);

    Response movedPermanently(String url);

    Response found(String url);

    Response seeOther(String url);

    /** 304, no body. */
    Response notModified();

    Response temporaryRedirect(String url);

    Response permanentRedirect(String url);

    // ---------------------------------------------------------------- success

    Response ok();

    Response ok(Object body);

    Response created();

    Response created(Object body);

    Response accepted();

    Response accepted(Object body);

    /** 204, no body. */
    Response noContent();

    Response partialContent(Object body);

    // ---------------------------------------------------------------- client and server errors
    // Without a body these send the standard error body, e.g. {"code":"NOT_FOUND","message":"Not Found"}.

    Response badRequest();

    Response badRequest(Object body);

    Response unauthorized();

    Response unauthorized(Object body);

    Response forbidden();

    Response forbidden(Object body);

    Response notFound();

    Response notFound(Object body);

    Response methodNotAllowed();

    Response methodNotAllowed(Object body);

    Response notAcceptable();

    Response notAcceptable(Object body);

    Response conflict();

    Response conflict(Object body);

    Response gone();

    Response gone(Object body);

    Response payloadTooLarge();

    Response payloadTooLarge(Object body);

    Response unsupportedMediaType();

    Response unsupportedMediaType(Object body);

    Response unprocessableEntity();

    Response unprocessableEntity(Object body);

    Response tooManyRequests();

    Response tooManyRequests(Object body);

    Response internalServerError();

    Response internalServerError(Object body);

    Response notImplemented();

    Response notImplemented(Object body);

    Response badGateway();

    Response badGateway(Object body);

    Response serviceUnavailable();

    Response serviceUnavailable(Object body);

    Response gatewayTimeout();

    Response gatewayTimeout(Object body);

    Response httpVersionNotSupported();

    Response httpVersionNotSupported(Object body);
}
