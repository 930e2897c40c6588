package dev.balda.redis.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition that becomes true on other threads or in Redis, checked every few
 * milliseconds up to a deadline; a condition still false then fails the test with what it waited for.
 */
public final class Await {
    /** Long enough for anything these tests wait for on a loaded 2-core machine. */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, DEADLINE, condition);
    }

    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        long until = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - until > 0) {
                throw new AssertionError("Waited " + deadline.toMillis() + " ms for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for: " + what, e);
            }
        }
    }

    /**
     * Until Redis counts this many listeners on the channel: a node's subscription is made in the
     * background once its first local subscriber joins, and what other nodes publish before it is
     * made does not reach it (delivery across nodes is at most once).
     */
    public static void subscribers(RedisServer redis, String channel, long listeners) {
        until(listeners + " listener(s) on " + channel + " in Redis", () -> {
            try {
                return redis.subscribers(channel) == listeners;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
