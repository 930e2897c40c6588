package dev.balda.plugin;

import dev.balda.http.Response;

/**
 * Told when a response has ended, installed with {@link ResponseHooks#onEnd}: what an access log
 * or a cache that releases waiting requests needs, since middleware cannot see past the chain
 * (errors are answered, and bodies written, after it returns).
 */
public interface ResponseListener {

    /**
     * The response has been written, or has failed. Runs once per response, on the thread that
     * ended it: the request's own, or, for an event stream that outlived its handler, the thread
     * that closed it. For a request handed to the container ({@code res.detach()}, a WebSocket
     * upgrade) it runs when the pipeline lets go of it. Must not block.
     *
     * @param res       the response; its status is what was sent
     * @param bodyBytes body bytes written to the client, after any encoding (0 for {@code HEAD})
     * @param failure   why the response could not be completed (the client went away, an
     *                  error after the headers were sent), or {@code null}
     */
    void ended(Response res, long bodyBytes, Throwable failure);

    /**
     * The pipeline is done with this request on the current thread: after the response was
     * written, after its handler returned when an event stream goes on, and on each thread the
     * request left while it waited (a body still arriving, a store's answer), since it resumes on
     * another. For removing what was tied to the thread for this request (a logging context, say).
     * Runs once per thread the request ran on; must not block.
     */
    default void released() {
    }
}
