package dev.balda.sse;

/**
 * A server-sent-events stream to one client, from {@code res.sse()}. It is safe to use from any
 * thread, also after the handler has returned: the request is then kept open asynchronously until
 * {@link #close()} (or until the client goes away). Writes never throw for a vanished client;
 * they return {@code false}, the stream closes, and the {@link #onClose} callbacks run, so a
 * producer loop can stop on the first {@code false}.
 *
 * <pre>{@code
 * app.get("/ticks", (req, res) -> {
 *     SseStream sse = res.sse();
 *     scheduler.scheduleAtFixedRate(() -> {
 *         if (!sse.send(SseEvent.builder().event("tick").data(Instant.now().toString()).build())) {
 *             throw new CancellationException(); // client gone: stop the task
 *         }
 *     }, 0, 1, TimeUnit.SECONDS);
 *     return null;
 * });
 * }</pre>
 */
public interface SseStream extends AutoCloseable {

    /** Sends one event and flushes it; {@code false} if the stream is closed or the client gone. */
    boolean send(SseEvent event);

    /** Sends an unnamed event with this data (several lines become several {@code data:} lines). */
    boolean send(String data);

    /**
     * Sends a comment line ({@code : text}), which clients ignore: a heartbeat that keeps proxies
     * from timing out and reveals a vanished client.
     */
    boolean comment(String text);

    /** Whether the stream can still be written to. */
    boolean isOpen();

    /** Runs once when the stream closes, whether by {@link #close()} or because the client left. */
    void onClose(Runnable callback);

    /** Ends the response. Idempotent. */
    @Override
    void close();
}
