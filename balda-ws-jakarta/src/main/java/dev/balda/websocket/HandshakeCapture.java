package dev.balda.websocket;

/**
 * On a bare JSR-356 server (Tyrus standalone) the Balda pipeline runs inside the container's
 * {@code modifyHandshake} callback, on an in-memory exchange made for that handshake. The
 * configurator puts one capture on that exchange as a request attribute; the upgrade handler at the
 * end of the pipeline finds it there and hands over the accepted handshake instead of calling the
 * servlet upgrade API. Nothing is shared between handshakes or bound to a thread.
 */
final class HandshakeCapture {
    /** The request attribute under which the configurator passes the capture. */
    static final String ATTRIBUTE = HandshakeCapture.class.getName();

    private volatile Handshake<?> accepted;

    void accept(Handshake<?> handshake) {
        this.accepted = handshake;
    }

    /** The handshake the pipeline accepted, or {@code null} if it refused. */
    Handshake<?> accepted() {
        return accepted;
    }
}
