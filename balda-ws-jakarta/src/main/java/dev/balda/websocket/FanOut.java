package dev.balda.websocket;

import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands one message to the sockets of a large topic on more than one core. Each hand-over is a
 * container send (framing, and on most containers the socket write itself) of some microseconds,
 * so one thread needs tens of milliseconds for 10,000 subscribers; the helpers take pieces of the
 * subscriber set from a shared queue next to the publishing thread, which takes pieces too and so
 * never waits for a helper that has not started.
 *
 * <p>The publishing thread returns once every piece is done: messages to one socket keep the order
 * in which one thread published them, and the count is exact. Nothing here waits on a peer, since
 * a socket's send only queues when a write is in flight.
 */
final class FanOut {
    /** Below this many subscribers, handing pieces to other threads costs more than it saves. */
    static final int PARALLEL_FROM = 1_024;
    /** Subscribers per piece at least; more pieces than threads even out uneven pieces. */
    private static final int PIECE = 256;

    private final Executor helpers;
    private final int helperCount;

    /**
     * @param helpers runs the helpers' share; a refusal (the application is stopping) leaves it to
     *     the publishing thread
     * @param helperCount how many threads {@code helpers} runs at once; 0 delivers on one thread
     */
    FanOut(Executor helpers, int helperCount) {
        this.helpers = helpers;
        this.helperCount = helperCount;
    }

    /** Whether a topic of this many subscribers is delivered by more than one thread. */
    boolean parallel(int subscribers) {
        return helperCount > 0 && subscribers >= PARALLEL_FROM;
    }

    /**
     * Sends to every socket of {@code set} but {@code except}.
     *
     * @return how many accepted the message (sent or queued)
     */
    int deliver(Set<BaldaSocket<?>> set, Outgoing message, BaldaSocket<?> except) {
        ConcurrentLinkedQueue<Spliterator<BaldaSocket<?>>> pieces = split(set.spliterator(),
                Math.min(4 * (helperCount + 1), Math.max(2, set.size() / PIECE)));
        Delivery delivery = new Delivery(pieces, message, except);
        for (int i = 0; i < helperCount && i < pieces.size() - 1; i++) {
            try {
                helpers.execute(delivery::takePieces);
            } catch (RejectedExecutionException stopping) {
                break;
            }
        }
        delivery.takePieces();
        delivery.awaitPieces();
        return delivery.reached.get();
    }

    /** Splits the set into about {@code wanted} pieces (the set's own halving, so never exact). */
    private static ConcurrentLinkedQueue<Spliterator<BaldaSocket<?>>> split(Spliterator<BaldaSocket<?>> all, int wanted) {
        ConcurrentLinkedQueue<Spliterator<BaldaSocket<?>>> pieces = new ConcurrentLinkedQueue<>();
        pieces.add(all);
        boolean splitOne = true;
        while (pieces.size() < wanted && splitOne) {
            splitOne = false;
            for (int i = pieces.size(); i > 0 && pieces.size() < wanted; i--) {
                Spliterator<BaldaSocket<?>> piece = pieces.poll();
                Spliterator<BaldaSocket<?>> half = piece.trySplit();
                pieces.add(piece);
                if (half != null) {
                    pieces.add(half);
                    splitOne = true;
                }
            }
        }
        return pieces;
    }

    /** One publish: the pieces left, what they reached, and the pieces still being sent. */
    private static final class Delivery {
        private final ConcurrentLinkedQueue<Spliterator<BaldaSocket<?>>> pieces;
        private final Outgoing message;
        private final BaldaSocket<?> except;
        private final CountDownLatch done;
        final AtomicInteger reached = new AtomicInteger();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        Delivery(ConcurrentLinkedQueue<Spliterator<BaldaSocket<?>>> pieces, Outgoing message, BaldaSocket<?> except) {
            this.pieces = pieces;
            this.message = message;
            this.except = except;
            this.done = new CountDownLatch(pieces.size());
        }

        void takePieces() {
            for (Spliterator<BaldaSocket<?>> piece = pieces.poll(); piece != null; piece = pieces.poll()) {
                int count = 0;
                try {
                    count = send(piece);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    reached.addAndGet(count);
                    done.countDown();
                }
            }
        }

        private int send(Spliterator<BaldaSocket<?>> piece) {
            int[] count = new int[1];
            piece.forEachRemaining(socket -> {
                if (socket != except && socket.send(message) != 0) {
                    count[0]++;
                }
            });
            return count[0];
        }

        /**
         * Waits for the pieces helpers took. They only hand messages to sockets, which never waits
         * on a peer; like a lock, the wait is not interruptible, and an interrupt is kept.
         */
        void awaitPieces() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
        }
    }
}
