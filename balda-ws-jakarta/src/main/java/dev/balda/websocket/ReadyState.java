package dev.balda.websocket;

/** The state of a socket, with the numeric codes of the browser and Bun APIs. */
public enum ReadyState {
    CONNECTING(0), OPEN(1), CLOSING(2), CLOSED(3);

    private final int code;

    ReadyState(int code) {
        this.code = code;
    }

    /** 0 to 3, as {@code WebSocket.readyState} in browsers. */
    public int code() {
        return code;
    }
}
