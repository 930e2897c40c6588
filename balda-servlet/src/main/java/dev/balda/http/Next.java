package dev.balda.http;

/**
 * The rest of the middleware chain, handed to each {@link Middleware}. It may be run at most once:
 * a second {@link #run()} throws {@code IllegalStateException} instead of running the handler again.
 * Run it on the thread that called the middleware.
 */
@FunctionalInterface
public interface Next {
    void run() throws Exception;
}
