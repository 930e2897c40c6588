package dev.balda.transport;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Collection;
import java.util.List;

/**
 * How one HTTP exchange reaches the pipeline: the minimal request and response operations that
 * {@code Balda.handle(Exchange)} needs. {@link dev.balda.servlet.BaldaFilter} implements it over the
 * servlet API and an in-memory exchange serves the testkit's mock server, so both run the very
 * same routing, middleware and error code. Implement it only to put Balda on another transport.
 *
 * <p>The request side must not read the body unless {@link #requestBody()} is called. The response
 * side is written once: status and headers, then the body through {@link #responseBody()}, whose
 * first write commits them.
 */
public interface Exchange {

    // ------------------------------------------------------------------ request

    String method();

    /** The path after the context path, percent-encoded as received, without the query. */
    String rawPath();

    /** The query string without {@code ?}, or {@code null}. */
    String rawQuery();

    /** The context path, {@code ""} at the root. */
    String contextPath();

    String scheme();

    /** The host and, if not the default, port the client addressed. */
    String host();

    /** First value of a request header, case-insensitive, or {@code null}. */
    String header(String name);

    /** Every value of a request header. */
    List<String> headers(String name);

    Collection<String> headerNames();

    /** Declared body length, or -1. */
    long contentLength();

    /** The body, read at most once. */
    InputStream requestBody() throws IOException;

    /**
     * How many bytes of the body can be read from {@link #requestBody()} now without blocking (what
     * arrived with the request head, typically), 0 when unknown. Lets the pipeline take a small
     * body at once instead of suspending for it.
     */
    default long bodyAvailable() {
        return 0;
    }

    /** The socket peer's address. */
    String remoteAddress();

    /** The authenticated user, or {@code null}. */
    Principal userPrincipal();

    /**
     * An attribute the transport carries with the request ({@code null} if none): a servlet
     * request's attributes (a client certificate, values set by filters before Balda), or values
     * given to an in-memory exchange. {@code Request.attribute} falls back to these.
     */
    default Object attribute(String name) {
        return null;
    }

    /** The servlet request behind this exchange, or {@code null} outside a servlet container. */
    HttpServletRequest servletRequest();

    /** The servlet response behind this exchange, or {@code null} outside a servlet container. */
    HttpServletResponse servletResponse();

    // ------------------------------------------------------------------ response

    void setStatus(int status);

    void addHeader(String name, String value);

    void setContentLength(long length);

    /** The body stream; the first write or flush commits status and headers. */
    OutputStream responseBody() throws IOException;

    /**
     * Asks the transport to send part of a file as the whole body itself, without it passing
     * through {@link #responseBody()} (a container's zero-copy file transfer, such as Tomcat's
     * sendfile). Called after status, headers and the content length are set and before anything
     * is written; when it returns {@code true} nothing may be written to the body.
     *
     * @return {@code false} (the default) when the transport cannot, and the caller copies the bytes
     */
    default boolean sendFile(Path file, long offset, long length) {
        return false;
    }

    /**
     * Keeps the response open after {@code handle} returns, for streams that outlive the handler.
     * {@code onClientGone} runs if the transport learns the client left or the exchange failed.
     *
     * @return a handle whose {@link AsyncHandle#complete()} ends the response, or {@code null}
     *     when the transport cannot keep a response open
     */
    AsyncHandle startAsync(Runnable onClientGone);

    /**
     * Ends a committed response abnormally, so the client sees a broken response rather than a
     * complete-looking one. Implementations may do it by throwing.
     */
    void abort(Throwable cause) throws IOException;

    /**
     * Suspends the exchange so that the pipeline can go on later without holding a thread: the
     * request body is then read as it arrives and the rest of the work runs on the transport's
     * threads. Called on the thread the transport handed the exchange to (or one it resumed), at
     * most once per exchange; later calls return the same suspension.
     *
     * @return the suspension, or {@code null} when the transport cannot suspend (an in-memory
     *     exchange, a servlet request without async support): the pipeline then reads the body
     *     when asked and waits for slow plugin stages on the calling thread
     */
    default Suspension suspend() {
        return null;
    }

    /** An exchange whose work goes on after the thread that started it returned. */
    interface Suspension {
        /**
         * Reads the request body without blocking: the sink gets the data as it arrives, on the
         * transport's threads, one call at a time, until it returns {@code false}, the body ends, or
         * reading fails. Called at most once.
         */
        void readBody(BodySink sink);

        /** Runs work on one of the transport's threads (never on the caller's if that is not one). */
        void resume(Runnable work);

        /** Ends the exchange once its response is written. Safe to call more than once. */
        void complete();

        /**
         * Ends the exchange so that the client sees a broken response (a committed response failed),
         * instead of completing it.
         */
        default void abort(Throwable cause) {
            complete();
        }
    }

    /** Where {@link Suspension#readBody} delivers the request body. */
    interface BodySink {
        /** A chunk of the body; {@code false} stops reading (the rest stays unread). */
        boolean data(byte[] bytes, int offset, int length);

        /** The whole body arrived. */
        void end();

        /** Reading failed (the client went away, a malformed chunk, the container stopping). */
        void failed(Throwable error);
    }

    /** A response kept open by {@link #startAsync(Runnable)}. */
    interface AsyncHandle {
        /** Ends the response. Safe to call more than once and from any thread. */
        void complete();
    }
}
