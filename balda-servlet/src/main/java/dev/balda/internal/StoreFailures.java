package dev.balda.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * How a plugin logs the failures of its store (a rate-limit counter, a response cache): the first
 * at WARN with its cause and what the plugin does meanwhile, the next ones at DEBUG, and one INFO
 * line when the store answers again. A store that is down fails every request; this keeps that
 * from filling the log.
 */
public final class StoreFailures {
    private final Logger log;
    private final String store;
    private final String meanwhile;
    private final AtomicBoolean failing = new AtomicBoolean();

    /**
     * @param store     what failed, for the messages ("The rate limit store")
     * @param meanwhile what the plugin does until it answers ("requests go through uncounted")
     */
    public StoreFailures(Logger log, String store, String meanwhile) {
        this.log = log;
        this.store = store;
        this.meanwhile = meanwhile;
    }

    public void failed(Throwable cause) {
        if (failing.compareAndSet(false, true)) {
            log.warn("{} failed; {} until it answers again (logged once; then at DEBUG)", store, meanwhile, cause);
        } else {
            log.debug("{} failed again: {}", store, cause.toString());
        }
    }

    public void answered() {
        if (failing.get() && failing.compareAndSet(true, false)) {
            log.info("{} answers again", store);
        }
    }
}
