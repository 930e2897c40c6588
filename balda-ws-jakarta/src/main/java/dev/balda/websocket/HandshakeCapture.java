package dev.balda.websocket;

/**
 * On a bare JSR-356 server (Tyrus standalone) the Balda pipeline runs inside the container's
 * {@code modifyHandshake} callback, synchronously on that handshake's thread. This holder lets the
 * upgrade handler at the end of that pipeline hand its result back to the callback instead of
 * calling the servlet upgrade API. It is bound only for the duration of the one call.
 */
final class HandshakeCapture {
    private static final ThreadLocal<HandshakeCapture> CURRENT = new ThreadLocal<>();

    private Handshake<?> accepted;

    static HandshakeCapture current() {
        return CURRENT.get();
    }

    /** Runs the pipeline with this capture bound to the thread. */
    void bindDuring(ThrowingRunnable body) throws Exception {
        HandshakeCapture previous = CURRENT.get();
        CURRENT.set(this);
        try {
            body.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    void accept(Handshake<?> handshake) {
        this.accepted = handshake;
    }

    Handshake<?> accepted() {
        return accepted;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
