package dev.balda.internal;

import dev.balda.http.Request;

/**
 * The request whose work the current thread is doing: set around every piece of a request's work
 * (the chain, a plugin stage, a resumed continuation) on whatever thread runs it, and cleared
 * afterwards, so nothing of one request is visible to the next on a pooled thread.
 */
public final class CurrentRequest {
    private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();

    private CurrentRequest() {
    }

    /** The request this thread is working for, or {@code null}. */
    public static Request get() {
        return CURRENT.get();
    }

    /** Marks the thread as working for the request; returns what to {@link #restore}. */
    static Request enter(Request request) {
        Request previous = CURRENT.get();
        CURRENT.set(request);
        return previous;
    }

    static void restore(Request previous) {
        // Set, not removed when null: the thread's map keeps its entry for the next request instead
        // of making a new one. A null value holds nothing of the application.
        CURRENT.set(previous);
    }
}
