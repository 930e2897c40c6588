package dev.balda.it.websocket;

import java.net.URI;

/** A running server of the conformance suite: where it listens and how to stop it. */
interface WsTarget extends AutoCloseable {
    /** {@code http://127.0.0.1:port} (plus the context path, if any). */
    URI baseUri();

    /** Stops the container itself, as an operator would. */
    void stopContainer();

    @Override
    default void close() {
        stopContainer();
    }
}
