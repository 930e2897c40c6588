package dev.balda.websocket;

/**
 * What a WebSocket route does at each moment of a connection's life, Bun's handler contract in
 * Java. Every method is optional. For one socket, calls never overlap and never nest: a
 * {@code drain} that becomes due while {@code message} runs is delivered after it returns.
 *
 * <pre>{@code
 * ws.route("/ws/echo", new WebSocketHandler<Void>() {
 *     public void open(WebSocket<Void> ws) { ws.send("Hello from server"); }
 *     public void message(WebSocket<Void> ws, WebSocketMessage m) {
 *         if (m.isText()) ws.send("Echo: " + m.text()); else ws.send(m.bytes());
 *     }
 * });
 * }</pre>
 *
 * <p>An exception from {@code open} or {@code message} goes to {@link #error}; unless the handler
 * closed the socket itself, the socket is then closed with 1011 and {@link #close} follows.
 *
 * @param <T> the type of the per-connection data set at upgrade time
 */
public interface WebSocketHandler<T> {

    /** The connection is established. */
    default void open(WebSocket<T> ws) throws Exception {
    }

    /** A whole text or binary message arrived. */
    default void message(WebSocket<T> ws, WebSocketMessage message) throws Exception {
    }

    /**
     * The connection ended, for whatever cause; called exactly once per opened socket. The code
     * is the close code the peer (or Balda) used, 1006 when the connection dropped without one.
     */
    default void close(WebSocket<T> ws, int code, String reason) {
    }

    /** The socket can take more data again after a {@code send} was queued ({@code -1}). */
    default void drain(WebSocket<T> ws) {
    }

    /** A handler threw, or the transport failed. */
    default void error(WebSocket<T> ws, Throwable error) {
    }
}
