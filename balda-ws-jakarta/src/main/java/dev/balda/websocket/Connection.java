package dev.balda.websocket;

/**
 * What a socket needs from the container's connection, apart from the container's own API so
 * that the socket's state machine is the same on every container (and testable without one).
 * Writes are asynchronous; {@link #ping} and {@link #close} may block for a bounded time and are
 * only called from Balda's own threads.
 */
interface Connection extends Outbox.Transport {

    /**
     * Starts the closing handshake with a valid close code. It may block while the container waits
     * for a write in flight (Tomcat does), never longer than the connection's send timeout.
     */
    void close(int code, String reason) throws Exception;

    /**
     * Drops the connection without waiting for the peer, as far as the container lets an
     * application: a connection whose close frame cannot go out is cut within seconds.
     */
    void abort();

    /** The socket has ended: let go of anything that leads back to it (a pending write's completion). */
    void detach();

    /** The subprotocol the handshake settled on, or {@code null}. */
    String subprotocol();
}
