package dev.balda.websocket;

/** A connection for tests that look only at writes: pings, closes and aborts do nothing. */
abstract class QuietConnection implements Connection {
    @Override
    public void ping(Outgoing.Ping ping) {
    }

    @Override
    public void close(int code, String reason) {
    }

    @Override
    public void abort() {
    }

    @Override
    public void detach() {
    }

    @Override
    public String subprotocol() {
        return null;
    }
}
