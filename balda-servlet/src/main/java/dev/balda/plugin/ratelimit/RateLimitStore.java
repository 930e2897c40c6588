package dev.balda.plugin.ratelimit;

import dev.balda.plugin.PluginContext;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Where the {@link RateLimitPlugin} counts requests: in memory by default
 * ({@link MemoryRateLimitStore}), or shared by several servers (Redis, from the balda-redis
 * module), so that together they let exactly {@code limit} requests through per window.
 *
 * <p>Counting is one call that must be atomic in the store: it increments the key's counter,
 * starting a window if none is running, and returns the count together with the time left until
 * the window resets. A Redis store does that with one script ({@code INCR}, {@code PEXPIRE} when
 * new, {@code PTTL}), so two servers never both see the same count. Calls return stages and must
 * not block the caller; a store bounds its own calls in time (a stage that never completes holds
 * its request), and reports a failure by completing the stage exceptionally.
 */
public interface RateLimitStore {

    /**
     * Counts one request for the key.
     *
     * @param key    the key, with the plugin's prefix
     * @param window the window's length, used when this request starts a new one
     * @return the count in the current window, this request included, and the time until it resets
     */
    CompletionStage<Window> increment(String key, Duration window);

    /** Forgets a key's count: its next request starts a new window. */
    CompletionStage<Void> reset(String key);

    /** Called when the plugin using this store starts (an in-memory store schedules its sweep). */
    default void start(PluginContext context) {
    }

    /** Called when the plugin using this store stops. */
    default void stop() {
    }

    /**
     * A key's state after a request was counted.
     *
     * @param count   requests counted in the current window, the one just counted included
     * @param resetIn how long until the window ends and the count starts again at zero
     */
    record Window(long count, Duration resetIn) {
    }
}
