package dev.balda.plugin;

import dev.balda.http.Response;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A transformation of one response's body on its way to the client, such as compression,
 * installed with {@link ResponseHooks#encodeBody}. It applies to every kind of body alike:
 * buffered ones, files and other streamed sources, {@code res.stream(...)} and server-sent
 * events. The engine asks it once, when the response commits, and only when there is a body
 * (never for 1xx, 204 or 304, nor for an empty body). A response has at most one encoder: a later
 * install replaces an earlier one, so a body is never encoded twice by two of them.
 */
@FunctionalInterface
public interface BodyEncoder {

    /**
     * Decides how to encode the body. Status and headers are final at this point except for what
     * this method changes: it sets {@code Content-Encoding}, adds to {@code Vary} and may weaken an
     * {@code ETag}; the engine drops {@code Content-Length} when an encoding is chosen and sets the
     * encoded length itself where it knows it (a buffered body).
     *
     * <p>For {@code HEAD}, return {@code null}: the engine sends no body then, and it could not tell
     * the encoded length of a streamed one, so the headers would not match the {@code GET}'s.
     *
     * @param res    the response about to commit
     * @param length the body's length in bytes where known (a buffered body, a file), -1 for a
     *               stream or an event stream
     * @return how to encode the body, or {@code null} to send it as it is
     */
    Encoding select(Response res, long length);

    /** The chosen encoding: a stream the body is written into. */
    @FunctionalInterface
    interface Encoding {
        /**
         * Wraps the stream towards the client. The engine writes the body into the returned
         * stream, flushes it when the writer flushes (an encoder must then push out what it has,
         * so events reach the client at once) and closes it when the body is complete, which must
         * end the encoding and close {@code body}.
         */
        OutputStream wrap(OutputStream body) throws IOException;
    }
}
