package dev.balda.internal;

import java.io.InputStream;

/**
 * A request's body as the request view reads it: read when first asked ({@link BodyReader}, on
 * transports that cannot suspend) or read ahead without blocking before the chain ran
 * ({@link BodyBuffer}). Failures (413, 408, 400) are thrown on every access.
 */
interface BodySource {

    /** The whole body; an empty body is an empty array. */
    byte[] bytes();

    /** The body as a stream, without loading it into memory when it is in a file. */
    InputStream stream();

    /** Whether part of the body was left unread, so the connection cannot carry another request. */
    boolean abandoned();

    /** Frees what the body holds (its temporary file); later reads fail. */
    void release();
}
