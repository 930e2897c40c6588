package dev.balda.internal;

import dev.balda.http.HttpException;
import dev.balda.transport.Exchange;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads a request body ahead of the chain without holding a thread: the transport hands over
 * chunks as they arrive ({@link Exchange.Suspension#readBody}), they go into a {@link BodyBuffer}
 * up to the limit, and past it up to {@link BodyReader#DISCARD_LIMIT} more is read and dropped (so
 * a 413 reaches the client on a reusable connection); beyond that reading stops and the connection
 * will close. A timer checks the whole-body deadline and the minimum rate; on expiry the body is
 * answered 408. Whatever ends the reading, the pipeline's continuation runs exactly once.
 */
final class BodyPreReader implements Exchange.BodySink {
    /** How long a body may arrive slowly before the minimum rate applies. */
    static final long RATE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final BodyBuffer buffer;
    private final long limit;
    private final long timeoutNanos;
    private final long minRate;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    /** The continuation: its argument says whether it runs on a transport thread. */
    private final Consumer<Boolean> then;
    private long discarded;
    private boolean tooLarge;
    private volatile ScheduledFuture<?> timer;

    BodyPreReader(BodyBuffer buffer, long limit, long timeoutNanos, long minRate, Consumer<Boolean> then) {
        this.buffer = buffer;
        this.limit = limit;
        this.timeoutNanos = timeoutNanos;
        this.minRate = minRate;
        this.then = then;
    }

    /**
     * Whether the body is to be refused without reading a byte: declared far over the limit, or
     * held back by {@code Expect: 100-continue} while declared over it (the client waits for a 100
     * that would only make it send what will be refused).
     */
    static boolean refuseUnread(Exchange exchange, long limit) {
        long declared = exchange.contentLength();
        if (declared <= limit) {
            return false;
        }
        String expect = exchange.header("Expect");
        return declared > limit + BodyReader.DISCARD_LIMIT
                || expect != null && expect.toLowerCase(Locale.ROOT).equals("100-continue");
    }

    /** Starts reading, with its deadline checked every second on the scheduler. */
    void start(Exchange.Suspension suspension, ScheduledExecutorService scheduler) {
        long period = Math.max(1, Math.min(TimeUnit.SECONDS.toMillis(1), TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        timer = scheduler.scheduleAtFixedRate(this::checkDeadline, period, period, TimeUnit.MILLISECONDS);
        if (done.get()) {
            timer.cancel(false);
        }
        suspension.readBody(this);
    }

    @Override
    public boolean data(byte[] bytes, int offset, int length) {
        if (done.get()) {
            return false;
        }
        if (!tooLarge && buffer.total() + length > limit) {
            tooLarge = true;
            int keep = (int) (limit - buffer.total());
            if (!store(bytes, offset, keep)) {
                return false;
            }
            discarded = length - keep;
        } else if (tooLarge) {
            discarded += length;
        } else {
            return store(bytes, offset, length);
        }
        if (discarded > BodyReader.DISCARD_LIMIT) {
            // Not worth reading on: refuse and close the connection after the answer.
            finish(tooLarge(), true, true);
            return false;
        }
        return true;
    }

    private boolean store(byte[] bytes, int offset, int length) {
        try {
            buffer.append(bytes, offset, length);
            return true;
        } catch (IOException e) {
            finish(new HttpException(507, "INSUFFICIENT_STORAGE", "The request body could not be stored", Map.of(), e),
                    true, true);
            return false;
        }
    }

    @Override
    public void end() {
        finish(tooLarge ? tooLarge() : null, false, true);
    }

    @Override
    public void failed(Throwable error) {
        finish(BodyReader.unreadable(error), true, true);
    }

    private void checkDeadline() {
        long elapsed = System.nanoTime() - startNanos;
        boolean late = elapsed >= timeoutNanos;
        boolean slow = minRate > 0 && elapsed >= RATE_GRACE_NANOS
                && buffer.total() + discarded < minRate * elapsed / TimeUnit.SECONDS.toNanos(1);
        if (late || slow) {
            finish(new HttpException(408, "REQUEST_TIMEOUT", late
                    ? "The request body did not arrive within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"
                    : "The request body arrived slower than " + minRate + " bytes per second"), true, false);
        }
    }

    private HttpException tooLarge() {
        return HttpException.payloadTooLarge("The request body is larger than " + limit + " bytes");
    }

    private void finish(HttpException failure, boolean abandoned, boolean onTransportThread) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        buffer.finish(failure, abandoned);
        then.accept(onTransportThread);
    }
}
