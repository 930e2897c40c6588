package dev.balda.websocket;

import java.util.Set;

/**
 * One open WebSocket connection, as Bun's {@code ServerWebSocket<T>}. Sending is safe from any
 * thread at any time: messages to one socket leave in the order they were sent, one write at a
 * time, and never block the caller.
 *
 * <p>{@code send} returns Bun's status: the number of bytes when the message went out with nothing
 * queued ahead of it; {@code -1} when it was queued behind earlier messages ({@code drain} follows
 * once the queue is empty); {@code 0} when it was dropped because the queue would pass
 * {@code backpressureLimit}, or the socket is closing or closed.
 *
 * @param <T> the type of the per-connection data set at upgrade time
 */
public interface WebSocket<T> {

    int send(String text);

    int send(byte[] data);

    /** Closes with 1000. */
    void close();

    /**
     * Starts the closing handshake and returns at once. A message already handed to the container
     * still goes out, then the close frame; messages queued behind it by backpressure are dropped,
     * and later sends return 0. A peer that does not take that message and confirm the close within
     * a few seconds is cut off, and {@code close} runs with this code.
     *
     * @param code 1000 or an application code 3000-4999
     * @throws IllegalArgumentException for any other code
     */
    void close(int code, String reason);

    /**
     * Ends the connection at once, dropping queued messages and without waiting for the closing
     * handshake; {@code close} is called with 1006. (JSR-356 offers no way to cut the TCP
     * connection itself: Jetty drops it, Tomcat and Tyrus may still send a close frame.)
     */
    void terminate();

    /**
     * Sends a ping of at most 125 bytes, behind messages already queued; {@code false} if the
     * socket is not open or a ping is already waiting.
     */
    boolean ping(byte[] data);

    /** The value the upgrade hook returned, or {@code null}. */
    T data();

    /** The client's address as the upgrade request saw it (after proxy middleware), or {@code null}. */
    String remoteAddress();

    /** A unique id of this connection. */
    String id();

    ReadyState readyState();

    /** Bytes accepted by {@code send} and not yet written to the network. */
    long bufferedAmount();

    /** The upgrade request as it was: path and query params, headers, principal, subprotocol. */
    UpgradeRequest request();

    // ------------------------------------------------------------------ topics

    /** Subscribes to a topic; {@code false} if already subscribed or not open. */
    boolean subscribe(String topic);

    boolean unsubscribe(String topic);

    boolean isSubscribed(String topic);

    /** The topics this socket is subscribed to. */
    Set<String> subscriptions();

    /**
     * Sends to every subscriber of the topic except this socket, unless the route's
     * {@code publishToSelf} option is on; with a {@link TopicBus}, to the subscribers on every node.
     *
     * @return the number of sockets of this node the message was accepted for (sent or queued)
     */
    int publish(String topic, String text);

    int publish(String topic, byte[] data);
}
