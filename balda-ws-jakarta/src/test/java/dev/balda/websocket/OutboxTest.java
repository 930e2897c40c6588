package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private static final long NO_LIMIT = Long.MAX_VALUE / 2;

    /** A transport the test drives: writes are recorded and complete only when the test says so. */
    static class ManualTransport implements Outbox.Transport {
        final List<Object> log = Collections.synchronizedList(new ArrayList<>());
        final List<String> writeThreads = Collections.synchronizedList(new ArrayList<>());
        final ArrayDeque<Consumer<Throwable>> pending = new ArrayDeque<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        Exception pingFailure;

        @Override
        public void write(Object payload, Consumer<Throwable> done) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            log.add(payload);
            writeThreads.add(Thread.currentThread().getName());
            synchronized (pending) {
                pending.add(done);
            }
        }

        @Override
        public void ping(ByteBuffer data) throws Exception {
            log.add("PING:" + StandardCharsets.UTF_8.decode(data.duplicate()));
            if (pingFailure != null) {
                throw pingFailure;
            }
        }

        Consumer<Throwable> takePending() {
            synchronized (pending) {
                Consumer<Throwable> done = pending.poll();
                assertThat(done).as("a write in flight").isNotNull();
                return done;
            }
        }

        int pendingCount() {
            synchronized (pending) {
                return pending.size();
            }
        }

        /** Completes the oldest write in flight successfully, on the calling thread. */
        void complete() {
            Consumer<Throwable> done = takePending();
            inFlight.decrementAndGet();
            done.accept(null);
        }

        void fail(Throwable error) {
            Consumer<Throwable> done = takePending();
            inFlight.decrementAndGet();
            done.accept(error);
        }
    }

    static class RecordingListener implements Outbox.Listener {
        final AtomicInteger drained = new AtomicInteger();
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        volatile Runnable onDrain = () -> { };

        @Override
        public void drained() {
            drained.incrementAndGet();
            onDrain.run();
        }

        @Override
        public void writeFailed(Throwable error) {
            failures.add(error);
        }
    }

    private final ManualTransport transport = new ManualTransport();
    private final RecordingListener listener = new RecordingListener();

    private Outbox outbox(long limit) {
        return new Outbox(transport, listener, limit);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class Sending {
        @Test
        void theFirstOfferReturnsItsSizeAndStartsAWrite() {
            Outbox outbox = outbox(NO_LIMIT);
            assertThat(outbox.offer("hello", 5)).isEqualTo(5);
            assertThat(transport.log).containsExactly("hello");
            assertThat(transport.pendingCount()).isEqualTo(1);
        }

        @Test
        void offersWhileAWriteIsInFlightAreQueuedAndWrittenInOrderOneAtATime() {
            Outbox outbox = outbox(NO_LIMIT);
            assertThat(outbox.offer("a", 1)).isEqualTo(1);
            assertThat(outbox.offer("b", 1)).isEqualTo(-1);
            assertThat(outbox.offer("c", 1)).isEqualTo(-1);
            assertThat(transport.log).containsExactly("a");

            transport.complete();
            assertThat(transport.log).containsExactly("a", "b");
            transport.complete();
            assertThat(transport.log).containsExactly("a", "b", "c");
            transport.complete();
            assertThat(transport.pendingCount()).isZero();
            assertThat(transport.maxInFlight.get()).isEqualTo(1);
        }

        @Test
        void afterTheQueueEmptiesTheNextOfferGoesOutAtOnceAgain() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer("a", 1);
            assertThat(outbox.offer("b", 1)).isEqualTo(-1);
            transport.complete();
            transport.complete();
            assertThat(outbox.offer("c", 1)).isEqualTo(1);
            assertThat(transport.log).containsExactly("a", "b", "c");
        }

        @Test
        void aPayloadGoesToTheTransportAsGiven() {
            Outbox outbox = outbox(NO_LIMIT);
            ByteBuffer payload = bytes("xyz").asReadOnlyBuffer();
            outbox.offer(payload, 3);
            assertThat(transport.log.get(0)).isSameAs(payload);
        }
    }

    @Nested
    class Limit {
        @Test
        void anOfferThatWouldPassTheLimitIsRefusedAndNothingIsQueued() {
            Outbox outbox = outbox(10);
            assertThat(outbox.offer("a", 8)).isEqualTo(8);      // in flight: not counted against the limit
            assertThat(outbox.offer("b", 6)).isEqualTo(-1);     // queued: 6
            assertThat(outbox.bufferedAmount()).isEqualTo(14);
            assertThat(outbox.offer("c", 5)).isEqualTo(Outbox.OVER_LIMIT); // 6 + 5 > 10
            assertThat(outbox.bufferedAmount()).isEqualTo(14);
            assertThat(outbox.offer("d", 4)).isEqualTo(-1);     // 6 + 4 = 10: still within
            assertThat(outbox.offer("e", 1)).isEqualTo(Outbox.OVER_LIMIT);
            assertThat(outbox.bufferedAmount()).isEqualTo(18);

            transport.complete();
            transport.complete();
            transport.complete();
            assertThat(transport.log).containsExactly("a", "b", "d");
            assertThat(transport.pendingCount()).isZero();
            assertThat(outbox.bufferedAmount()).isZero();
        }

        @Test
        void aMessageLargerThanTheLimitIsRefusedBehindAWriteButGoesOutWhenNothingIsAhead() {
            Outbox outbox = outbox(10);
            assertThat(outbox.offer("small", 1)).isEqualTo(1);
            assertThat(outbox.offer("big", 11)).isEqualTo(Outbox.OVER_LIMIT);
            transport.complete();
            assertThat(outbox.offer("big", 11)).isEqualTo(11);
            assertThat(transport.log).containsExactly("small", "big");
        }

        @Test
        void spaceFreedByWritesCanBeQueuedAgain() {
            Outbox outbox = outbox(10);
            outbox.offer("a", 1);
            assertThat(outbox.offer("b", 10)).isEqualTo(-1);
            assertThat(outbox.offer("c", 1)).isEqualTo(Outbox.OVER_LIMIT);
            transport.complete(); // b leaves the queue for the wire
            assertThat(outbox.offer("c", 10)).isEqualTo(-1);
        }

        @Test
        void anOverLimitRefusalDoesNotOweADrain() {
            Outbox outbox = outbox(4);
            outbox.offer("a", 1);
            assertThat(outbox.offer("b", 5)).isEqualTo(Outbox.OVER_LIMIT);
            transport.complete();
            assertThat(listener.drained.get()).isZero();
        }
    }

    @Nested
    class Drain {
        @Test
        void firesExactlyOnceWhenTheQueueEmptiesAfterAQueuedSend() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer("a", 1);
            outbox.offer("b", 1);
            outbox.offer("c", 1);
            transport.complete();
            assertThat(listener.drained.get()).isZero(); // b on the wire, c waiting
            transport.complete();
            assertThat(listener.drained.get()).isZero(); // c on the wire
            transport.complete();
            assertThat(listener.drained.get()).isEqualTo(1);

            outbox.offer("d", 1);
            transport.complete();
            assertThat(listener.drained.get()).as("nothing was queued this time").isEqualTo(1);

            outbox.offer("e", 1);
            outbox.offer("f", 1);
            transport.complete();
            transport.complete();
            assertThat(listener.drained.get()).isEqualTo(2);
        }

        @Test
        void doesNotFireWhenNothingWasQueued() {
            Outbox outbox = outbox(NO_LIMIT);
            for (int i = 0; i < 5; i++) {
                assertThat(outbox.offer("m" + i, 2)).isEqualTo(2);
                transport.complete();
            }
            assertThat(listener.drained.get()).isZero();
            assertThat(transport.log).hasSize(5);
        }

        @Test
        void firesWithTheQueueEmptyAndIdleSoTheListenerCanSendAtOnce() {
            Outbox outbox = outbox(NO_LIMIT);
            List<Long> bufferedAtDrain = new ArrayList<>();
            List<Integer> resultAtDrain = new ArrayList<>();
            listener.onDrain = () -> {
                bufferedAtDrain.add(outbox.bufferedAmount());
                if (resultAtDrain.isEmpty()) {
                    resultAtDrain.add(outbox.offer("from-drain", 10));
                }
            };
            outbox.offer("a", 1);
            outbox.offer("b", 1);
            transport.complete();
            transport.complete();
            assertThat(bufferedAtDrain).containsExactly(0L);
            assertThat(resultAtDrain).containsExactly(10);
            assertThat(transport.log).containsExactly("a", "b", "from-drain");
            transport.complete();
            assertThat(listener.drained.get()).isEqualTo(1);
        }
    }

    @Test
    void bufferedAmountCountsQueuedAndInFlightBytes() {
        Outbox outbox = outbox(NO_LIMIT);
        assertThat(outbox.bufferedAmount()).isZero();
        outbox.offer("a", 3);
        assertThat(outbox.bufferedAmount()).isEqualTo(3);
        outbox.offer("b", 4);
        outbox.offer("c", 5);
        assertThat(outbox.bufferedAmount()).isEqualTo(12);
        transport.complete();
        assertThat(outbox.bufferedAmount()).isEqualTo(9);
        transport.complete();
        assertThat(outbox.bufferedAmount()).isEqualTo(5);
        transport.complete();
        assertThat(outbox.bufferedAmount()).isZero();
    }

    @Nested
    class InlineCompletion {
        /** Completes every write before returning from {@code write}, as Jetty and Tyrus sometimes do. */
        final class InlineTransport implements Outbox.Transport {
            final List<Object> written = new ArrayList<>();
            Consumer<Throwable> held;
            boolean holdNext;
            int depth;
            int maxDepth;

            @Override
            public void write(Object payload, Consumer<Throwable> done) {
                written.add(payload);
                if (holdNext) {
                    holdNext = false;
                    held = done;
                    return;
                }
                depth++;
                maxDepth = Math.max(maxDepth, depth);
                try {
                    done.accept(null);
                } finally {
                    depth--;
                }
            }

            @Override
            public void ping(ByteBuffer data) {
                written.add("PING");
            }
        }

        @Test
        void inlineCompletionsOf200000MessagesKeepOrder() {
            InlineTransport inline = new InlineTransport();
            Outbox outbox = new Outbox(inline, listener, NO_LIMIT);
            for (int i = 0; i < 200_000; i++) {
                assertThat(outbox.offer(i, 1)).isEqualTo(1);
            }
            assertThat(inline.written).hasSize(200_000);
            for (int i = 0; i < 200_000; i++) {
                assertThat(inline.written.get(i)).isEqualTo(i);
            }
            assertThat(outbox.bufferedAmount()).isZero();
            assertThat(listener.drained.get()).isZero();
        }

        @Test
        void aQueueOf200000MessagesPumpedByInlineCompletionsDoesNotOverflowTheStack() {
            InlineTransport inline = new InlineTransport();
            inline.holdNext = true;
            Outbox outbox = new Outbox(inline, listener, NO_LIMIT);
            assertThat(outbox.offer(0, 1)).isEqualTo(1);
            for (int i = 1; i <= 200_000; i++) {
                assertThat(outbox.offer(i, 1)).isEqualTo(-1);
            }
            assertThat(outbox.bufferedAmount()).isEqualTo(200_001);

            inline.held.accept(null); // every later write completes inside write(): a loop, not recursion

            assertThat(inline.written).hasSize(200_001);
            for (int i = 0; i <= 200_000; i++) {
                assertThat(inline.written.get(i)).isEqualTo(i);
            }
            assertThat(inline.maxDepth).isEqualTo(1);
            assertThat(outbox.bufferedAmount()).isZero();
            assertThat(listener.drained.get()).isEqualTo(1);
            assertThat(listener.failures).isEmpty();
        }
    }

    @Nested
    class CompletionOnAnotherThread {
        @Test
        void aCompletionThatWinsTheRaceInsideWriteIsHandledOnceBySender() throws Exception {
            // Every write after the first is completed by another thread, entirely, before write() returns.
            ExecutorService completer = Executors.newSingleThreadExecutor(r -> new Thread(r, "completer"));
            List<Object> written = Collections.synchronizedList(new ArrayList<>());
            List<String> writers = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger completions = new AtomicInteger();
            CompletableFuture<Consumer<Throwable>> first = new CompletableFuture<>();
            Outbox.Transport racing = new Outbox.Transport() {
                @Override
                public void write(Object payload, Consumer<Throwable> done) {
                    written.add(payload);
                    writers.add(Thread.currentThread().getName());
                    if (!first.isDone()) {
                        first.complete(done);
                        return;
                    }
                    CountDownLatch completedElsewhere = new CountDownLatch(1);
                    completer.execute(() -> {
                        completions.incrementAndGet();
                        done.accept(null);
                        completedElsewhere.countDown();
                    });
                    try {
                        assertThat(completedElsewhere.await(10, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }

                @Override
                public void ping(ByteBuffer data) {
                }
            };
            try {
                Outbox outbox = new Outbox(racing, listener, NO_LIMIT);
                outbox.offer("a", 1);
                outbox.offer("b", 1);
                outbox.offer("c", 1);
                outbox.offer("d", 1);
                String sender = Thread.currentThread().getName();

                first.get(10, TimeUnit.SECONDS).accept(null); // the test thread pumps b, c, d

                assertThat(written).containsExactly("a", "b", "c", "d");
                assertThat(completions.get()).isEqualTo(3);
                // The completer returned at once each time; the sender, still inside write(), carried on.
                assertThat(writers.subList(1, 4)).containsOnly(sender);
                assertThat(listener.drained.get()).isEqualTo(1);
                assertThat(outbox.bufferedAmount()).isZero();
                assertThat(outbox.offer("e", 1)).as("the outbox is idle again").isEqualTo(1);
            } finally {
                completer.shutdownNow();
            }
        }

        @Test
        void aCompletionAfterWriteReturnedCarriesOnOnTheCompletingThread() throws Exception {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer("a", 1);
            outbox.offer("b", 1);
            outbox.offer("c", 1);
            String completing = CompletableFuture.supplyAsync(() -> {
                transport.complete();
                return Thread.currentThread().getName();
            }).get(10, TimeUnit.SECONDS);
            assertThat(transport.log).containsExactly("a", "b");
            assertThat(transport.writeThreads.get(1)).isEqualTo(completing);
            assertThat(transport.pendingCount()).isEqualTo(1);
            transport.complete();
            transport.complete();
            assertThat(transport.log).containsExactly("a", "b", "c");
            assertThat(listener.drained.get()).isEqualTo(1);
            assertThat(transport.maxInFlight.get()).isEqualTo(1);
        }

        @Test
        void racingCompletionsAtRandomNeverLoseNorRepeatAWrite() throws Exception {
            ExecutorService completer = Executors.newFixedThreadPool(3);
            try {
                for (int round = 0; round < 50; round++) {
                    List<Object> written = Collections.synchronizedList(new ArrayList<>());
                    AtomicInteger inFlight = new AtomicInteger();
                    AtomicInteger maxInFlight = new AtomicInteger();
                    Semaphore writes = new Semaphore(0);
                    Outbox.Transport transport = new Outbox.Transport() {
                        @Override
                        public void write(Object payload, Consumer<Throwable> done) {
                            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            written.add(payload);
                            writes.release();
                            Runnable complete = () -> {
                                inFlight.decrementAndGet();
                                done.accept(null);
                            };
                            if (ThreadLocalRandom.current().nextBoolean()) {
                                completer.execute(complete);
                            } else {
                                complete.run();
                            }
                        }

                        @Override
                        public void ping(ByteBuffer data) {
                        }
                    };
                    RecordingListener drains = new RecordingListener();
                    Outbox outbox = new Outbox(transport, drains, NO_LIMIT);
                    for (int i = 0; i < 200; i++) {
                        assertThat(outbox.offer(i, 1)).isNotIn(0, Outbox.OVER_LIMIT);
                    }
                    assertThat(writes.tryAcquire(200, 10, TimeUnit.SECONDS)).isTrue();
                    List<Object> expected = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        expected.add(i);
                    }
                    assertThat(written).containsExactlyElementsOf(expected);
                    assertThat(maxInFlight.get()).isEqualTo(1);
                }
            } finally {
                completer.shutdownNow();
            }
        }
    }

    @Nested
    class Failure {
        @Test
        void aFailedWriteClosesTheOutboxReportsOnceAndNeverDrains() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer("a", 1);
            outbox.offer("b", 1);
            outbox.offer("c", 1);
            IOException broken = new IOException("broken pipe");
            transport.fail(broken);

            assertThat(listener.failures).containsExactly(broken);
            assertThat(listener.drained.get()).isZero();
            assertThat(transport.log).containsExactly("a");
            assertThat(outbox.bufferedAmount()).isZero();
            assertThat(outbox.offer("d", 1)).isZero();
            assertThat(outbox.offer("e", 1)).isZero();
            assertThat(outbox.ping(new byte[0])).isFalse();
            assertThat(transport.log).containsExactly("a");
            assertThat(listener.failures).hasSize(1);
        }

        @Test
        void aFailureWithNothingQueuedAlsoClosesWithoutDrain() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer("a", 1);
            transport.fail(new IOException("reset"));
            assertThat(listener.failures).hasSize(1);
            assertThat(listener.drained.get()).isZero();
            assertThat(outbox.offer("b", 1)).isZero();
        }

        @Test
        void aWriteThatThrowsIsAFailureToo() {
            IllegalStateException refused = new IllegalStateException("TEXT_FULL_WRITING");
            Outbox.Transport throwing = new Outbox.Transport() {
                @Override
                public void write(Object payload, Consumer<Throwable> done) {
                    throw refused;
                }

                @Override
                public void ping(ByteBuffer data) {
                }
            };
            Outbox outbox = new Outbox(throwing, listener, NO_LIMIT);
            outbox.offer("a", 1);
            assertThat(listener.failures).containsExactly(refused);
            assertThat(outbox.offer("b", 1)).isZero();
            assertThat(outbox.bufferedAmount()).isZero();
            assertThat(listener.drained.get()).isZero();
        }

        @Test
        void aFailedPingClosesTheOutbox() {
            transport.pingFailure = new IOException("gone");
            Outbox outbox = outbox(NO_LIMIT);
            assertThat(outbox.ping(new byte[0])).isTrue();
            assertThat(listener.failures).containsExactly(transport.pingFailure);
            assertThat(outbox.offer("a", 1)).isZero();
        }
    }

    @Nested
    class Close {
        @Test
        void dropsTheQueueAndRefusesLaterSends() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer("a", 2);
            outbox.offer("b", 3);
            outbox.offer("c", 4);
            outbox.close();
            assertThat(outbox.bufferedAmount()).as("only the write in flight is left").isEqualTo(2);
            assertThat(outbox.offer("d", 1)).isZero();
            assertThat(outbox.ping(new byte[0])).isFalse();

            transport.complete();
            assertThat(transport.log).containsExactly("a");
            assertThat(transport.pendingCount()).isZero();
            assertThat(outbox.bufferedAmount()).isZero();
            assertThat(listener.drained.get()).isZero();
            assertThat(listener.failures).isEmpty();
        }

        @Test
        void closingAnIdleOutboxRefusesSends() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.close();
            assertThat(outbox.offer("a", 1)).isZero();
            assertThat(transport.log).isEmpty();
        }
    }

    @Nested
    class Pings {
        @Test
        void aPingWhenIdleIsSentAtOnce() {
            Outbox outbox = outbox(NO_LIMIT);
            assertThat(outbox.ping("hi".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(transport.log).containsExactly("PING:hi");
            assertThat(outbox.offer("a", 1)).as("the ping does not keep the outbox busy").isEqualTo(1);
        }

        @Test
        void aPingWaitsBehindTheWriteInFlightAndOnlyOneWaits() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer("a", 1);
            assertThat(outbox.ping("1".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(outbox.ping("2".getBytes(StandardCharsets.UTF_8))).isFalse();
            assertThat(outbox.offer("b", 1)).isEqualTo(-1);
            assertThat(transport.log).containsExactly("a");

            transport.complete();
            assertThat(transport.log).containsExactly("a", "PING:1", "b");
            assertThat(outbox.ping("3".getBytes(StandardCharsets.UTF_8))).as("the waiting ping left").isTrue();
            transport.complete();
            assertThat(transport.log).containsExactly("a", "PING:1", "b", "PING:3");
        }

        @Test
        void pingsDoNotCountTowardTheLimitOrBufferedAmount() {
            Outbox outbox = outbox(10);
            outbox.offer("a", 8);
            assertThat(outbox.ping(new byte[125])).isTrue();
            assertThat(outbox.bufferedAmount()).isEqualTo(8);
            assertThat(outbox.offer("b", 10)).isEqualTo(-1);
            assertThat(outbox.bufferedAmount()).isEqualTo(18);
        }

        @Test
        void pingsDoNotTriggerDrain() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer("a", 1);
            outbox.ping(new byte[0]);
            transport.complete();
            assertThat(transport.log).containsExactly("a", "PING:");
            assertThat(listener.drained.get()).isZero();
            assertThat(outbox.offer("b", 1)).isEqualTo(1);
        }
    }

    @Nested
    class ManyThreads {
        record Msg(int thread, int seq) {
        }

        private void offerConcurrently(long limit, int threads, int perThread) throws Exception {
            ExecutorService completer = Executors.newFixedThreadPool(4);
            ExecutorService senders = Executors.newFixedThreadPool(threads);
            try {
                Queue<Object> written = new ConcurrentLinkedQueue<>();
                AtomicInteger inFlight = new AtomicInteger();
                AtomicInteger maxInFlight = new AtomicInteger();
                Semaphore writes = new Semaphore(0);
                Outbox.Transport async = new Outbox.Transport() {
                    @Override
                    public void write(Object payload, Consumer<Throwable> done) {
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        written.add(payload);
                        writes.release();
                        Runnable complete = () -> {
                            inFlight.decrementAndGet();
                            done.accept(null);
                        };
                        if (ThreadLocalRandom.current().nextInt(3) == 0) {
                            complete.run();
                        } else {
                            completer.execute(complete);
                        }
                    }

                    @Override
                    public void ping(ByteBuffer data) {
                    }
                };
                Outbox outbox = new Outbox(async, listener, limit);
                CyclicBarrier start = new CyclicBarrier(threads);
                List<CompletableFuture<List<Msg>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    results.add(CompletableFuture.supplyAsync(() -> {
                        List<Msg> accepted = new ArrayList<>();
                        try {
                            start.await(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                        for (int i = 0; i < perThread; i++) {
                            Msg msg = new Msg(thread, i);
                            int result = outbox.offer(msg, 10);
                            assertThat(result).isIn(10, -1, Outbox.OVER_LIMIT);
                            if (result != Outbox.OVER_LIMIT) {
                                accepted.add(msg);
                            }
                        }
                        return accepted;
                    }, senders));
                }
                List<Msg> accepted = new ArrayList<>();
                for (CompletableFuture<List<Msg>> r : results) {
                    accepted.addAll(r.get(60, TimeUnit.SECONDS));
                }
                // A zero-size marker is never over the limit; once it is written, everything before it was.
                Msg marker = new Msg(-1, 0);
                assertThat(outbox.offer(marker, 0)).isIn(0, -1);
                assertThat(writes.tryAcquire(accepted.size() + 1, 60, TimeUnit.SECONDS)).isTrue();

                List<Object> all = new ArrayList<>(written);
                assertThat(all).hasSize(accepted.size() + 1);
                assertThat(all.get(all.size() - 1)).isEqualTo(marker);
                assertThat(all.subList(0, all.size() - 1)).containsExactlyInAnyOrderElementsOf(accepted);
                int[] lastSeq = new int[threads];
                java.util.Arrays.fill(lastSeq, -1);
                for (Object o : all.subList(0, all.size() - 1)) {
                    Msg m = (Msg) o;
                    assertThat(m.seq()).as("order of thread %d", m.thread()).isGreaterThan(lastSeq[m.thread()]);
                    lastSeq[m.thread()] = m.seq();
                }
                assertThat(maxInFlight.get()).isEqualTo(1);
                assertThat(listener.failures).isEmpty();
            } finally {
                senders.shutdownNow();
                completer.shutdownNow();
            }
        }

        @Test
        void everyAcceptedMessageIsWrittenOnceInEachThreadsOrder() throws Exception {
            offerConcurrently(NO_LIMIT, 8, 5_000);
        }

        @Test
        void underATightLimitTheAcceptedMessagesAreWrittenOnceInOrder() throws Exception {
            offerConcurrently(200, 8, 5_000);
        }
    }
}
