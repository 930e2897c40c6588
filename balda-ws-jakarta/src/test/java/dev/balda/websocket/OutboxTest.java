package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private static final long NO_LIMIT = Long.MAX_VALUE / 2;

    /** How the test transport completes a write. */
    enum Completion {
        /** Held until the test calls {@link TestTransport#complete()} or {@link TestTransport#fail}. */
        MANUAL,
        /** Before {@code write} returns, on the writing thread, as Jetty and Tyrus sometimes do. */
        INLINE,
        /** At random: inline, or on one of the test's completer threads. */
        RANDOM
    }

    /**
     * The one transport of these tests: records what it writes (text of messages, {@code PING:data}
     * of pings) and on which thread, counts writes in flight, and completes per {@link Completion}.
     */
    static final class TestTransport implements Outbox.Transport {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final List<String> writeThreads = Collections.synchronizedList(new ArrayList<>());
        final List<String> pingThreads = Collections.synchronizedList(new ArrayList<>());
        final ArrayDeque<Consumer<Throwable>> pending = new ArrayDeque<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger depth = new AtomicInteger();
        final AtomicInteger maxDepth = new AtomicInteger();
        final Semaphore written = new Semaphore(0);
        final Completion completion;
        final ExecutorService completer;
        volatile Exception pingFailure;

        TestTransport(Completion completion) {
            this.completion = completion;
            this.completer = completion == Completion.RANDOM ? Executors.newFixedThreadPool(3) : null;
        }

        @Override
        public void write(Outgoing message, Consumer<Throwable> done) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            log.add(((Outgoing.Text) message).text());
            writeThreads.add(Thread.currentThread().getName());
            Consumer<Throwable> completing = error -> {
                inFlight.decrementAndGet();
                done.accept(error);
            };
            if (completion == Completion.MANUAL) {
                // Pending before it is announced, so a test that saw the write can complete it.
                synchronized (pending) {
                    pending.add(completing);
                }
            }
            written.release();
            switch (completion) {
                case MANUAL -> {
                }
                case INLINE -> {
                    maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
                    try {
                        completing.accept(null);
                    } finally {
                        depth.decrementAndGet();
                    }
                }
                case RANDOM -> {
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        completing.accept(null);
                    } else {
                        completer.execute(() -> completing.accept(null));
                    }
                }
            }
        }

        @Override
        public void ping(Outgoing.Ping ping) throws Exception {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                log.add("PING:" + new String(ping.data(), StandardCharsets.UTF_8));
                pingThreads.add(Thread.currentThread().getName());
                written.release();
                if (pingFailure != null) {
                    throw pingFailure;
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }

        int pendingCount() {
            synchronized (pending) {
                return pending.size();
            }
        }

        private Consumer<Throwable> takePending() {
            synchronized (pending) {
                Consumer<Throwable> done = pending.poll();
                assertThat(done).as("a write in flight").isNotNull();
                return done;
            }
        }

        /** Completes the oldest write in flight successfully, on the calling thread. */
        void complete() {
            takePending().accept(null);
        }

        void fail(Throwable error) {
            takePending().accept(error);
        }

        void shutdown() {
            if (completer != null) {
                completer.shutdownNow();
            }
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

    /** Runs pings on a thread named {@code pinger}, as the registry's pinger pool does. */
    private final ExecutorService pinger = Executors.newSingleThreadExecutor(r -> new Thread(r, "pinger"));
    private final TestTransport transport = new TestTransport(Completion.MANUAL);
    private final RecordingListener listener = new RecordingListener();

    @AfterEach
    void stopThreads() {
        pinger.shutdownNow();
        transport.shutdown();
    }

    private Outbox outbox(long limit) {
        return new Outbox(transport, listener, limit, Runnable::run);
    }

    private static Outgoing text(String text, int size) {
        return new Outgoing.Text(text, size);
    }

    private static Outgoing.Ping ping(String data) {
        return new Outgoing.Ping(data.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class Sending {
        @Test
        void theFirstOfferReturnsItsSizeAndStartsAWrite() {
            Outbox outbox = outbox(NO_LIMIT);
            assertThat(outbox.offer(text("hello", 5))).isEqualTo(5);
            assertThat(transport.log).containsExactly("hello");
            assertThat(transport.pendingCount()).isEqualTo(1);
        }

        @Test
        void offersWhileAWriteIsInFlightAreQueuedAndWrittenInOrderOneAtATime() {
            Outbox outbox = outbox(NO_LIMIT);
            assertThat(outbox.offer(text("a", 1))).isEqualTo(1);
            assertThat(outbox.offer(text("b", 1))).isEqualTo(-1);
            assertThat(outbox.offer(text("c", 1))).isEqualTo(-1);
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
            outbox.offer(text("a", 1));
            assertThat(outbox.offer(text("b", 1))).isEqualTo(-1);
            transport.complete();
            transport.complete();
            assertThat(outbox.offer(text("c", 1))).isEqualTo(1);
            assertThat(transport.log).containsExactly("a", "b", "c");
        }

        @Test
        void theSameMessageCanSitInSeveralQueues() {
            TestTransport second = new TestTransport(Completion.MANUAL);
            Outbox one = outbox(NO_LIMIT);
            Outbox other = new Outbox(second, listener, NO_LIMIT, Runnable::run);
            Outgoing shared = Outgoing.Text.of("published");
            assertThat(one.offer(shared)).isEqualTo(9);
            assertThat(other.offer(shared)).isEqualTo(9);
            assertThat(transport.log).containsExactly("published");
            assertThat(second.log).containsExactly("published");
        }
    }

    @Nested
    class Limit {
        @Test
        void anOfferThatWouldPassTheLimitIsRefusedAndNothingIsQueued() {
            Outbox outbox = outbox(10);
            assertThat(outbox.offer(text("a", 8))).isEqualTo(8);      // in flight: not counted against the limit
            assertThat(outbox.offer(text("b", 6))).isEqualTo(-1);     // queued: 6
            assertThat(outbox.bufferedAmount()).isEqualTo(14);
            assertThat(outbox.offer(text("c", 5))).isEqualTo(Outbox.OVER_LIMIT); // 6 + 5 > 10
            assertThat(outbox.bufferedAmount()).isEqualTo(14);
            assertThat(outbox.offer(text("d", 4))).isEqualTo(-1);     // 6 + 4 = 10: still within
            assertThat(outbox.offer(text("e", 1))).isEqualTo(Outbox.OVER_LIMIT);
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
            assertThat(outbox.offer(text("small", 1))).isEqualTo(1);
            assertThat(outbox.offer(text("big", 11))).isEqualTo(Outbox.OVER_LIMIT);
            transport.complete();
            assertThat(outbox.offer(text("big", 11))).isEqualTo(11);
            assertThat(transport.log).containsExactly("small", "big");
        }

        @Test
        void spaceFreedByWritesCanBeQueuedAgain() {
            Outbox outbox = outbox(10);
            outbox.offer(text("a", 1));
            assertThat(outbox.offer(text("b", 10))).isEqualTo(-1);
            assertThat(outbox.offer(text("c", 1))).isEqualTo(Outbox.OVER_LIMIT);
            transport.complete(); // b leaves the queue for the wire
            assertThat(outbox.offer(text("c", 10))).isEqualTo(-1);
        }

        @Test
        void anOverLimitRefusalDoesNotOweADrain() {
            Outbox outbox = outbox(4);
            outbox.offer(text("a", 1));
            assertThat(outbox.offer(text("b", 5))).isEqualTo(Outbox.OVER_LIMIT);
            transport.complete();
            assertThat(listener.drained.get()).isZero();
        }
    }

    @Nested
    class Drain {
        @Test
        void firesExactlyOnceWhenTheQueueEmptiesAfterAQueuedSend() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer(text("a", 1));
            outbox.offer(text("b", 1));
            outbox.offer(text("c", 1));
            transport.complete();
            assertThat(listener.drained.get()).isZero(); // b on the wire, c waiting
            transport.complete();
            assertThat(listener.drained.get()).isZero(); // c on the wire
            transport.complete();
            assertThat(listener.drained.get()).isEqualTo(1);

            outbox.offer(text("d", 1));
            transport.complete();
            assertThat(listener.drained.get()).as("nothing was queued this time").isEqualTo(1);

            outbox.offer(text("e", 1));
            outbox.offer(text("f", 1));
            transport.complete();
            transport.complete();
            assertThat(listener.drained.get()).isEqualTo(2);
        }

        @Test
        void doesNotFireWhenNothingWasQueued() {
            Outbox outbox = outbox(NO_LIMIT);
            for (int i = 0; i < 5; i++) {
                assertThat(outbox.offer(text("m" + i, 2))).isEqualTo(2);
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
                    resultAtDrain.add(outbox.offer(text("from-drain", 10)));
                }
            };
            outbox.offer(text("a", 1));
            outbox.offer(text("b", 1));
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
        outbox.offer(text("a", 3));
        assertThat(outbox.bufferedAmount()).isEqualTo(3);
        outbox.offer(text("b", 4));
        outbox.offer(text("c", 5));
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
        private final TestTransport inline = new TestTransport(Completion.INLINE);

        @Test
        void inlineCompletionsOf200000MessagesKeepOrder() {
            Outbox outbox = new Outbox(inline, listener, NO_LIMIT, Runnable::run);
            for (int i = 0; i < 200_000; i++) {
                assertThat(outbox.offer(text(Integer.toString(i), 1))).isEqualTo(1);
            }
            assertThat(inline.log).hasSize(200_000);
            for (int i = 0; i < 200_000; i++) {
                assertThat(inline.log.get(i)).isEqualTo(Integer.toString(i));
            }
            assertThat(outbox.bufferedAmount()).isZero();
            assertThat(listener.drained.get()).isZero();
        }

        @Test
        void aQueueOf200000MessagesPumpedByInlineCompletionsDoesNotOverflowTheStack() {
            // The first write is held by a manual transport; once it completes, the rest complete inline.
            TestTransport first = new TestTransport(Completion.MANUAL);
            Outbox.Transport holdFirst = new Outbox.Transport() {
                boolean held;

                @Override
                public void write(Outgoing message, Consumer<Throwable> done) {
                    if (!held) {
                        held = true;
                        first.write(message, done);
                    } else {
                        inline.write(message, done);
                    }
                }

                @Override
                public void ping(Outgoing.Ping ping) {
                }
            };
            Outbox outbox = new Outbox(holdFirst, listener, NO_LIMIT, Runnable::run);
            assertThat(outbox.offer(text("0", 1))).isEqualTo(1);
            for (int i = 1; i <= 200_000; i++) {
                assertThat(outbox.offer(text(Integer.toString(i), 1))).isEqualTo(-1);
            }
            assertThat(outbox.bufferedAmount()).isEqualTo(200_001);

            first.complete(); // every later write completes inside write(): a loop, not recursion

            assertThat(inline.log).hasSize(200_000);
            assertThat(inline.log.get(199_999)).isEqualTo("200000");
            assertThat(inline.maxDepth.get()).isEqualTo(1);
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
            TestTransport recorder = new TestTransport(Completion.MANUAL);
            AtomicInteger completions = new AtomicInteger();
            CompletableFuture<Consumer<Throwable>> firstDone = new CompletableFuture<>();
            Outbox.Transport racing = new Outbox.Transport() {
                @Override
                public void write(Outgoing message, Consumer<Throwable> done) {
                    recorder.log.add(((Outgoing.Text) message).text());
                    recorder.writeThreads.add(Thread.currentThread().getName());
                    if (!firstDone.isDone()) {
                        firstDone.complete(done);
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
                public void ping(Outgoing.Ping ping) {
                }
            };
            try {
                Outbox outbox = new Outbox(racing, listener, NO_LIMIT, Runnable::run);
                for (String s : List.of("a", "b", "c", "d")) {
                    outbox.offer(text(s, 1));
                }
                String sender = Thread.currentThread().getName();

                firstDone.get(10, TimeUnit.SECONDS).accept(null); // the test thread pumps b, c, d

                assertThat(recorder.log).containsExactly("a", "b", "c", "d");
                assertThat(completions.get()).isEqualTo(3);
                // The completer returned at once each time; the sender, still inside write(), carried on.
                assertThat(recorder.writeThreads.subList(1, 4)).containsOnly(sender);
                assertThat(listener.drained.get()).isEqualTo(1);
                assertThat(outbox.bufferedAmount()).isZero();
                assertThat(outbox.offer(text("e", 1))).as("the outbox is idle again").isEqualTo(1);
            } finally {
                completer.shutdownNow();
            }
        }

        @Test
        void aCompletionAfterWriteReturnedCarriesOnOnTheCompletingThread() throws Exception {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer(text("a", 1));
            outbox.offer(text("b", 1));
            outbox.offer(text("c", 1));
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
            for (int round = 0; round < 50; round++) {
                TestTransport random = new TestTransport(Completion.RANDOM);
                try {
                    Outbox outbox = new Outbox(random, new RecordingListener(), NO_LIMIT, Runnable::run);
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        assertThat(outbox.offer(text(Integer.toString(i), 1))).isNotIn(0, Outbox.OVER_LIMIT);
                        expected.add(Integer.toString(i));
                    }
                    assertThat(random.written.tryAcquire(200, 10, TimeUnit.SECONDS)).isTrue();
                    assertThat(random.log).containsExactlyElementsOf(expected);
                    assertThat(random.maxInFlight.get()).isEqualTo(1);
                } finally {
                    random.shutdown();
                }
            }
        }
    }

    @Nested
    class Failure {
        @Test
        void aFailedWriteClosesTheOutboxReportsOnceAndNeverDrains() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer(text("a", 1));
            outbox.offer(text("b", 1));
            outbox.offer(text("c", 1));
            IOException broken = new IOException("broken pipe");
            transport.fail(broken);

            assertThat(listener.failures).containsExactly(broken);
            assertThat(listener.drained.get()).isZero();
            assertThat(transport.log).containsExactly("a");
            assertThat(outbox.bufferedAmount()).isZero();
            assertThat(outbox.offer(text("d", 1))).isZero();
            assertThat(outbox.offer(text("e", 1))).isZero();
            assertThat(outbox.ping(ping(""))).isFalse();
            assertThat(transport.log).containsExactly("a");
            assertThat(listener.failures).hasSize(1);
        }

        @Test
        void aFailureWithNothingQueuedAlsoClosesWithoutDrain() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer(text("a", 1));
            transport.fail(new IOException("reset"));
            assertThat(listener.failures).hasSize(1);
            assertThat(listener.drained.get()).isZero();
            assertThat(outbox.offer(text("b", 1))).isZero();
        }

        @Test
        void aWriteThatThrowsIsAFailureToo() {
            IllegalStateException refused = new IllegalStateException("TEXT_FULL_WRITING");
            Outbox.Transport throwing = new Outbox.Transport() {
                @Override
                public void write(Outgoing message, Consumer<Throwable> done) {
                    throw refused;
                }

                @Override
                public void ping(Outgoing.Ping ping) {
                }
            };
            Outbox outbox = new Outbox(throwing, listener, NO_LIMIT, Runnable::run);
            outbox.offer(text("a", 1));
            assertThat(listener.failures).containsExactly(refused);
            assertThat(outbox.offer(text("b", 1))).isZero();
            assertThat(outbox.bufferedAmount()).isZero();
            assertThat(listener.drained.get()).isZero();
        }

        @Test
        void aFailedPingClosesTheOutbox() {
            transport.pingFailure = new IOException("gone");
            Outbox outbox = outbox(NO_LIMIT);
            assertThat(outbox.ping(ping(""))).isTrue();
            assertThat(listener.failures).containsExactly(transport.pingFailure);
            assertThat(outbox.offer(text("a", 1))).isZero();
        }
    }

    @Nested
    class Close {
        @Test
        void dropsTheQueueAndRefusesLaterSends() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer(text("a", 2));
            outbox.offer(text("b", 3));
            outbox.offer(text("c", 4));
            outbox.close();
            assertThat(outbox.bufferedAmount()).as("only the write in flight is left").isEqualTo(2);
            assertThat(outbox.offer(text("d", 1))).isZero();
            assertThat(outbox.ping(ping(""))).isFalse();

            transport.complete();
            assertThat(transport.log).containsExactly("a");
            assertThat(transport.pendingCount()).isZero();
            assertThat(outbox.bufferedAmount()).isZero();
            assertThat(listener.drained.get()).isZero();
            assertThat(listener.failures).isEmpty();
        }

        @Test
        void theCloseFrameWaitsForTheWriteInFlightNeverBehindIt() {
            Outbox outbox = outbox(NO_LIMIT);
            List<String> closes = new ArrayList<>();
            outbox.offer(text("a", 1));
            outbox.offer(text("b", 1));
            outbox.close(() -> closes.add("close after " + transport.log));
            assertThat(closes).as("a write is in flight").isEmpty();
            transport.complete();
            assertThat(closes).containsExactly("close after [a]");
            assertThat(transport.pendingCount()).isZero();
        }

        @Test
        void anIdleOutboxSendsTheCloseFrameAtOnce() {
            Outbox outbox = outbox(NO_LIMIT);
            List<String> closes = new ArrayList<>();
            outbox.close(() -> closes.add("close"));
            assertThat(closes).containsExactly("close");
        }

        @Test
        void aFailedWriteOrALaterPlainCloseCallsTheCloseFrameOff() {
            Outbox failing = outbox(NO_LIMIT);
            List<String> closes = new ArrayList<>();
            failing.offer(text("a", 1));
            failing.close(() -> closes.add("after failure"));
            transport.fail(new IOException("reset"));
            assertThat(closes).isEmpty();
            assertThat(listener.failures).hasSize(1);

            Outbox abandoned = outbox(NO_LIMIT);
            abandoned.offer(text("b", 1));
            abandoned.close(() -> closes.add("after abandon"));
            abandoned.close();
            transport.complete();
            assertThat(closes).isEmpty();
        }

        @Test
        void closingAnIdleOutboxRefusesSends() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.close();
            assertThat(outbox.offer(text("a", 1))).isZero();
            assertThat(transport.log).isEmpty();
        }
    }

    @Nested
    class Pings {
        private Outbox outboxWithPinger(long limit) {
            return new Outbox(transport, listener, limit, pinger);
        }

        @Test
        void aPingWhenIdleGoesToThePingerThread() throws Exception {
            Outbox outbox = outboxWithPinger(NO_LIMIT);
            assertThat(outbox.ping(ping("hi"))).isTrue();
            assertThat(transport.written.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            assertThat(transport.log).containsExactly("PING:hi");
            assertThat(transport.pingThreads).containsExactly("pinger");
            awaitIdle(outbox);
            assertThat(outbox.offer(text("a", 1))).as("the ping left the outbox idle").isEqualTo(1);
        }

        @Test
        void aPingTakesTheWriteSlotSoNothingIsWrittenWhileItIsSent() throws Exception {
            CountDownLatch pingStarted = new CountDownLatch(1);
            CountDownLatch releasePing = new CountDownLatch(1);
            Outbox.Transport slowPing = new Outbox.Transport() {
                @Override
                public void write(Outgoing message, Consumer<Throwable> done) {
                    transport.write(message, done);
                }

                @Override
                public void ping(Outgoing.Ping ping) throws Exception {
                    pingStarted.countDown();
                    assertThat(releasePing.await(10, TimeUnit.SECONDS)).isTrue();
                    transport.ping(ping);
                }
            };
            Outbox outbox = new Outbox(slowPing, listener, NO_LIMIT, pinger);
            assertThat(outbox.ping(ping("1"))).isTrue();
            assertThat(pingStarted.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(outbox.offer(text("a", 1))).as("queued behind the ping being sent").isEqualTo(-1);
            assertThat(transport.log).isEmpty();

            releasePing.countDown();
            assertThat(transport.written.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(transport.log).containsExactly("PING:1", "a");
            assertThat(transport.writeThreads).as("the pinger carries on with the queue").containsExactly("pinger");
            assertThat(transport.maxInFlight.get()).isEqualTo(1);
        }

        @Test
        void aPingBehindAWriteIsSentByThePingerNeverByTheCompletingThread() throws Exception {
            Outbox outbox = outboxWithPinger(NO_LIMIT);
            outbox.offer(text("a", 1));
            assertThat(outbox.ping(ping("1"))).isTrue();
            assertThat(outbox.ping(ping("2"))).as("one ping waits at a time").isFalse();
            assertThat(outbox.offer(text("b", 1))).isEqualTo(-1);
            assertThat(transport.log).containsExactly("a");

            transport.complete(); // on the test thread, as a container's completion callback
            assertThat(transport.written.tryAcquire(3, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(transport.log).containsExactly("a", "PING:1", "b");
            assertThat(transport.pingThreads).containsExactly("pinger");
            assertThat(transport.writeThreads).containsExactly(Thread.currentThread().getName(), "pinger");
            assertThat(outbox.ping(ping("3"))).as("the waiting ping left").isTrue();
            transport.complete();
            assertThat(transport.written.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            assertThat(transport.log).containsExactly("a", "PING:1", "b", "PING:3");
        }

        @Test
        void pingsDoNotCountTowardTheLimitOrBufferedAmount() {
            Outbox outbox = outbox(10);
            outbox.offer(text("a", 8));
            assertThat(outbox.ping(new Outgoing.Ping(new byte[125]))).isTrue();
            assertThat(outbox.bufferedAmount()).isEqualTo(8);
            assertThat(outbox.offer(text("b", 10))).isEqualTo(-1);
            assertThat(outbox.bufferedAmount()).isEqualTo(18);
        }

        @Test
        void pingsDoNotTriggerDrain() {
            Outbox outbox = outbox(NO_LIMIT);
            outbox.offer(text("a", 1));
            outbox.ping(ping(""));
            transport.complete();
            assertThat(transport.log).containsExactly("a", "PING:");
            assertThat(listener.drained.get()).isZero();
            assertThat(outbox.offer(text("b", 1))).isEqualTo(1);
        }

        @Test
        void whenThePingerRefusesThePingIsSkippedAndTheQueueGoesOn() {
            Executor stopped = task -> {
                throw new RejectedExecutionException("stopped");
            };
            Outbox outbox = new Outbox(transport, listener, NO_LIMIT, stopped);
            outbox.offer(text("a", 1));
            assertThat(outbox.ping(ping("x"))).isTrue();
            outbox.offer(text("b", 1));
            transport.complete();
            assertThat(transport.log).containsExactly("a", "b");
            assertThat(listener.failures).isEmpty();
        }

        private void awaitIdle(Outbox outbox) throws Exception {
            // The pinger releases the slot after the ping returns; a task behind it runs after that.
            pinger.submit(() -> { }).get(10, TimeUnit.SECONDS);
        }
    }

    @Nested
    class ManyThreads {
        private void offerConcurrently(long limit, int threads, int perThread) throws Exception {
            TestTransport async = new TestTransport(Completion.RANDOM);
            ExecutorService senders = Executors.newFixedThreadPool(threads);
            try {
                Outbox outbox = new Outbox(async, listener, limit, Runnable::run);
                CyclicBarrier start = new CyclicBarrier(threads);
                List<CompletableFuture<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    results.add(CompletableFuture.supplyAsync(() -> {
                        List<String> accepted = new ArrayList<>();
                        try {
                            start.await(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                        for (int i = 0; i < perThread; i++) {
                            String msg = thread + ":" + i;
                            int result = outbox.offer(text(msg, 10));
                            assertThat(result).isIn(10, -1, Outbox.OVER_LIMIT);
                            if (result != Outbox.OVER_LIMIT) {
                                accepted.add(msg);
                            }
                        }
                        return accepted;
                    }, senders));
                }
                List<String> accepted = new ArrayList<>();
                for (CompletableFuture<List<String>> r : results) {
                    accepted.addAll(r.get(60, TimeUnit.SECONDS));
                }
                // A zero-size marker is never over the limit; once it is written, everything before it was.
                assertThat(outbox.offer(text("marker", 0))).isIn(0, -1);
                assertThat(async.written.tryAcquire(accepted.size() + 1, 60, TimeUnit.SECONDS)).isTrue();

                List<String> all = new ArrayList<>(async.log);
                assertThat(all).hasSize(accepted.size() + 1);
                assertThat(all.get(all.size() - 1)).isEqualTo("marker");
                assertThat(all.subList(0, all.size() - 1)).containsExactlyInAnyOrderElementsOf(accepted);
                int[] lastSeq = new int[threads];
                java.util.Arrays.fill(lastSeq, -1);
                for (String m : all.subList(0, all.size() - 1)) {
                    int thread = Integer.parseInt(m.substring(0, m.indexOf(':')));
                    int seq = Integer.parseInt(m.substring(m.indexOf(':') + 1));
                    assertThat(seq).as("order of thread %d", thread).isGreaterThan(lastSeq[thread]);
                    lastSeq[thread] = seq;
                }
                assertThat(async.maxInFlight.get()).isEqualTo(1);
                assertThat(listener.failures).isEmpty();
            } finally {
                senders.shutdownNow();
                async.shutdown();
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
