package dev.balda.plugin.timeout;

import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.internal.RequestRun;
import dev.balda.plugin.Plugin;
import dev.balda.plugin.PluginContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The timeout plugin: a request still being handled {@code timeout} after its plugins' stages
 * began is marked timed out ({@link #timedOut(Request)}, for handlers that check); in
 * {@code respond} mode the client gets 503 {@code REQUEST_TIMEOUT} at that moment, and whatever the
 * handler does afterwards is discarded (its response is never written; a stream it tries to start
 * fails). The handler itself is not interrupted: Java cannot stop a thread safely, so long work
 * should check {@link #timedOut(Request)}.
 *
 * <pre>{@code
 * app.use(TimeoutPlugin.builder().timeout(Duration.ofSeconds(10)).respond(true).build());
 * }</pre>
 *
 * <p>The early answer carries only the error body (no headers the chain had set). A response a
 * stream already started cannot be replaced: the request is then only marked.
 */
public final class TimeoutPlugin implements Plugin {
    private static final String STATE = TimeoutPlugin.class.getName();

    private final Duration timeout;
    private final boolean respond;
    private volatile ScheduledExecutorService scheduler;

    private TimeoutPlugin(Builder b) {
        this.timeout = b.timeout;
        this.respond = b.respond;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the request ran past its timeout. */
    public static boolean timedOut(Request req) {
        return req.attribute(STATE) instanceof State state && state.timedOut.get();
    }

    @Override
    public String name() {
        return "timeout";
    }

    @Override
    public void start(PluginContext context) {
        scheduler = context.scheduler();
    }

    private static final class State {
        final AtomicBoolean timedOut = new AtomicBoolean();
        volatile ScheduledFuture<?> timer;

        void cancel() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    @Override
    public CompletionStage<Void> before(Request req, Response res) {
        State state = new State();
        req.attribute(STATE, state);
        RequestRun run = RequestRun.of(req);
        if (respond && run != null) {
            run.allowEarlyAnswer();
        }
        state.timer = scheduler.schedule(() -> {
            // Answer first, then mark: a handler that sees the mark can no longer win the response.
            if (respond && run != null) {
                run.answerEarly(503, "REQUEST_TIMEOUT", "The request took longer than " + timeout.toMillis() + " ms");
            }
            state.timedOut.set(true);
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return DONE;
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        try {
            next.run();
        } finally {
            // The chain is done: answering late would replace a response that is ready.
            if (req.attribute(STATE) instanceof State state) {
                state.cancel();
            }
        }
    }

    @Override
    public CompletionStage<Void> after(Request req, Response res) {
        if (req.attribute(STATE) instanceof State state) {
            state.cancel();
        }
        return DONE;
    }

    /** Builds a {@link TimeoutPlugin}. */
    public static final class Builder {
        private Duration timeout;
        private boolean respond;

        private Builder() {
        }

        /** How long a request may take (required). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Answer 503 {@code REQUEST_TIMEOUT} at the deadline (off: only mark the request). */
        public Builder respond(boolean respond) {
            this.respond = respond;
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public TimeoutPlugin build() {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be a positive duration, e.g. Duration.ofSeconds(10), not "
                        + timeout);
            }
            return new TimeoutPlugin(this);
        }
    }
}
