package dev.balda.websocket;

/**
 * The decision of an {@link UpgradeHook}: accept with the connection's data, or refuse with an
 * HTTP status and body (no upgrade happens).
 *
 * @param <T> the per-connection data type
 */
public final class Upgrade<T> {
    private final boolean accepted;
    private final T data;
    private final int status;
    private final Object body;

    private Upgrade(boolean accepted, T data, int status, Object body) {
        this.accepted = accepted;
        this.data = data;
        this.status = status;
        this.body = body;
    }

    /** Accept, with this value as {@link WebSocket#data()}. */
    public static <T> Upgrade<T> accept(T data) {
        return new Upgrade<>(true, data, 101, null);
    }

    /** Accept without data. */
    public static <T> Upgrade<T> accept() {
        return new Upgrade<>(true, null, 101, null);
    }

    /**
     * Refuse: the HTTP request is answered with this status and body (sent as {@code res.send}
     * would: a {@code String} as text, other objects as JSON).
     *
     * @param status 400-599
     */
    public static <T> Upgrade<T> refuse(int status, Object body) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("A refused upgrade needs a 4xx or 5xx status, not " + status);
        }
        return new Upgrade<>(false, null, status, body);
    }

    public boolean accepted() {
        return accepted;
    }

    public T data() {
        return data;
    }

    /** The refusal status (101 when accepted). */
    public int status() {
        return status;
    }

    /** The refusal body, or {@code null}. */
    public Object body() {
        return body;
    }
}
