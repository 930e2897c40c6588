package dev.balda.internal;

import dev.balda.plugin.PluginContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The periodic removal of expired entries from an in-memory store, on the application's plugin
 * scheduler: started when the store's plugin starts (once, however many plugins share the
 * store), cancelled when it stops.
 */
public final class Sweep {
    private static final long EVERY_SECONDS = 30;

    private final Runnable sweep;
    private ScheduledFuture<?> scheduled;

    public Sweep(Runnable sweep) {
        this.sweep = sweep;
    }

    public synchronized void start(PluginContext context) {
        if (scheduled == null) {
            scheduled = context.scheduler().scheduleWithFixedDelay(sweep, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
        }
    }

    public synchronized void stop() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }
}
