package dev.balda.http;


/**
 * One layer of the onion around the handler. Call {@code next.run()} to run the rest of the chain
 * (later middleware, then the handler); it returns when they are done, so code after it runs on
 * the way out and may still change the buffered response. Not calling it short-circuits: later
 * middleware and the handler are skipped, while outer middleware still run their after-code.
 *
 * <pre>{@code
 * app.use((req, res, next) -> {
 *     long start = System.nanoTime();
 *     try {
 *         next.run();
 *     } finally {
 *         res.header("Server-Timing", "app;dur=" + (System.nanoTime() - start) / 1_000_000);
 *     }
 * });
 * }</pre>
 *
 * <p>An exception from later in the chain comes out of {@code next.run()}, so a middleware may
 * catch it; an uncaught one leaves the chain and is turned into an error response.
 */
@FunctionalInterface
public interface Middleware {
    void handle(Request req, Response res, Next next) throws Exception;
}
