package dev.balda.plugin;

import dev.balda.http.Response;
import dev.balda.internal.BufferedResponse;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The engine's hooks for plugins that shape what is written rather than what is decided: body
 * encodings (compression), listeners told when the response has ended (access logs), and bodies
 * streamed from a source when the response is written (static files). They act on the pipeline's
 * own response, the one middleware and plugins receive; a response of another kind (a wrapper
 * made by middleware) is refused with {@code IllegalStateException}, since the engine would never
 * see what was installed on it.
 */
public final class ResponseHooks {
    private ResponseHooks() {
    }

    /**
     * Encodes the body of this response with the encoder, whatever kind the body turns out to
     * be (buffered, file, stream, events). Replaces an encoder installed before.
     */
    public static void encodeBody(Response res, BodyEncoder encoder) {
        engine(res).bodyEncoder(Objects.requireNonNull(encoder, "encoder"));
    }

    /** Calls the listener when the response has ended; listeners run in the order installed. */
    public static void onEnd(Response res, ResponseListener listener) {
        engine(res).listener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Sets a body of a known length that is opened and streamed only when the response is
     * written, like {@link Response#file} but from any source (part of a file, a WAR or jar
     * resource). Unlike {@link Response#stream}, nothing is committed yet: later middleware may
     * still change status and headers. A content type is not set; set it first.
     *
     * @throws IllegalArgumentException if the length is negative
     */
    public static void streamBody(Response res, long length, BodySource source) {
        if (length < 0) {
            throw new IllegalArgumentException("A streamed body's length must be 0 or more, not " + length);
        }
        engine(res).streamBody(length, Objects.requireNonNull(source, "source"));
    }

    /**
     * Sets part of a file as the body, opened and streamed only when the response is written, as
     * {@link Response#file} does for a whole file. Where the container can send a file itself
     * (Tomcat's sendfile), a large one goes out without a copy through the JVM, unless the body is
     * encoded. A content type is not set; set it first.
     *
     * @throws IllegalArgumentException if the offset or length is negative
     */
    public static void streamFile(Response res, Path file, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("A file's offset and length must be 0 or more, not " + offset + " and "
                    + length);
        }
        engine(res).streamFile(Objects.requireNonNull(file, "file"), offset, length);
    }

    private static BufferedResponse engine(Response res) {
        if (res instanceof BufferedResponse engine) {
            return engine;
        }
        throw new IllegalStateException("Response hooks act on the pipeline's own response, not on "
                + (res == null ? "null" : res.getClass().getName())
                + "; install them from middleware or a plugin before wrapping the response");
    }
}
