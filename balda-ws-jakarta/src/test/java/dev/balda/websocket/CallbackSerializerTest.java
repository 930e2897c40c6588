package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallbackSerializerTest {
    private final CallbackSerializer callbacks = new CallbackSerializer();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    /** Counts callbacks running at once; anything above one is an overlap. */
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private Runnable tracked(Runnable body) {
        return () -> {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                body.run();
            } finally {
                active.decrementAndGet();
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void runNowRunsOnTheCallingThread() {
        String caller = Thread.currentThread().getName();
        List<String> threads = new ArrayList<>();
        callbacks.runNow(() -> threads.add(Thread.currentThread().getName()));
        assertThat(threads).containsExactly(caller);
    }

    @Test
    void runNowEventsFromManyThreadsNeverOverlap() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        AtomicInteger runs = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < perThread; i++) {
                    callbacks.runNow(tracked(() -> {
                        runs.incrementAndGet();
                        Thread.onSpinWait();
                    }));
                }
            }, pool));
        }
        CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        assertThat(runs.get()).isEqualTo(threads * perThread);
        assertThat(maxActive.get()).isEqualTo(1);
    }

    @Test
    void runNowWaitsForACallbackInProgressOnAnotherThread() throws Exception {
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CompletableFuture<Void> first = firstCallbackHeldUntil(releaseFirst);

        List<Thread> secondThread = new ArrayList<>();
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            synchronized (secondThread) {
                secondThread.add(Thread.currentThread());
            }
            String caller = Thread.currentThread().getName();
            callbacks.runNow(tracked(() -> {
                log.add("second");
                assertThat(Thread.currentThread().getName()).isEqualTo(caller);
            }));
            return caller;
        }, pool);
        Thread waiting;
        while (true) {
            synchronized (secondThread) {
                if (!secondThread.isEmpty()) {
                    waiting = secondThread.get(0);
                    break;
                }
            }
            Thread.onSpinWait();
        }
        while (waiting.getState() != Thread.State.WAITING && !second.isDone()) {
            Thread.onSpinWait(); // the second caller is parked on the serializer
        }
        assertThat(second).isNotDone();
        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        assertThat(log).containsExactly("first-start", "first-end", "second");
        assertThat(maxActive.get()).isEqualTo(1);
    }

    @Test
    void anInterruptedWaiterKeepsWaitingRunsItsEventAfterTheCallbackAndKeepsItsInterrupt() throws Exception {
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CompletableFuture<Void> first = firstCallbackHeldUntil(releaseFirst);

        CompletableFuture<Thread> waiterThread = new CompletableFuture<>();
        CompletableFuture<Boolean> interruptedAfter = CompletableFuture.supplyAsync(() -> {
            waiterThread.complete(Thread.currentThread());
            callbacks.runNow(tracked(() -> log.add("second")));
            return Thread.interrupted();
        }, pool);
        Thread waiter = waiterThread.get(10, TimeUnit.SECONDS);
        while (waiter.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // parked on the serializer
        }
        waiter.interrupt();
        // An interrupt must neither let it in while the first callback runs nor make it spin: it parks again.
        while (waiter.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertThat(interruptedAfter).isNotDone();
        assertThat(log).containsExactly("first-start");
        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(interruptedAfter.get(10, TimeUnit.SECONDS)).as("interrupt flag kept").isTrue();
        assertThat(log).containsExactly("first-start", "first-end", "second");
        assertThat(maxActive.get()).isEqualTo(1);
    }

    /** A callback on another thread that logs its start and end and stays inside until released; returns once it is in. */
    private CompletableFuture<Void> firstCallbackHeldUntil(CountDownLatch release) {
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> callbacks.runNow(tracked(() -> {
            log.add("first-start");
            inside.countDown();
            await(release);
            log.add("first-end");
        })), pool);
        await(inside);
        return first;
    }

    @Test
    void runSoonOnTheSameThreadDuringACallbackRunsAfterItReturnsNotNested() {
        callbacks.runNow(tracked(() -> {
            log.add("message-start");
            callbacks.runSoon(tracked(() -> log.add("drain")));
            log.add("message-end");
        }));
        assertThat(log).containsExactly("message-start", "message-end", "drain");
        assertThat(maxActive.get()).isEqualTo(1);
    }

    @Test
    void runSoonWithNothingRunningRunsAtOnceOnTheCallingThread() {
        String caller = Thread.currentThread().getName();
        List<String> threads = new ArrayList<>();
        callbacks.runSoon(() -> threads.add(Thread.currentThread().getName()));
        assertThat(threads).containsExactly(caller);
    }

    @Test
    void runNowCalledFromInsideACallbackIsDeferredNotNested() {
        callbacks.runNow(tracked(() -> {
            log.add("open-start");
            callbacks.runNow(tracked(() -> log.add("close")));
            log.add("open-end");
        }));
        assertThat(log).containsExactly("open-start", "open-end", "close");
        assertThat(maxActive.get()).isEqualTo(1);
    }

    @Test
    void eventsRaisedInsideDeferredEventsRunAfterThemInOrder() {
        callbacks.runNow(tracked(() -> {
            log.add("a");
            callbacks.runSoon(tracked(() -> {
                log.add("b");
                callbacks.runNow(tracked(() -> log.add("d")));
            }));
            callbacks.runSoon(tracked(() -> log.add("c")));
        }));
        assertThat(log).containsExactly("a", "b", "c", "d");
        assertThat(maxActive.get()).isEqualTo(1);
    }

    @Test
    void runSoonFromAnotherThreadNeverWaitsAndTheRunningThreadExecutesItAfterItsCallback() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch submitted = new CountDownLatch(1);
        AtomicInteger drains = new AtomicInteger();
        List<String> drainThreads = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> message = CompletableFuture.supplyAsync(() -> {
            callbacks.runNow(tracked(() -> {
                log.add("message-start");
                inside.countDown();
                await(submitted);
                log.add("message-end");
            }));
            return Thread.currentThread().getName();
        }, pool);
        await(inside);

        // From this thread, while the message callback is running elsewhere: must return without running it.
        callbacks.runSoon(tracked(() -> {
            drains.incrementAndGet();
            drainThreads.add(Thread.currentThread().getName());
            log.add("drain");
        }));
        assertThat(drains.get()).as("not run while the other callback runs").isZero();
        submitted.countDown();

        String messageThread = message.get(10, TimeUnit.SECONDS);
        assertThat(drains.get()).isEqualTo(1);
        assertThat(drainThreads).containsExactly(messageThread);
        assertThat(log).containsExactly("message-start", "message-end", "drain");
        assertThat(maxActive.get()).isEqualTo(1);
    }

    /**
     * A queue that, once armed, stops the thread running deferred events right after it found the
     * queue empty and before it lets go of the serializer, while another thread hands it an event.
     * This forces the narrowest interleaving of the hand-over deterministically.
     */
    static final class PausingQueue extends ConcurrentLinkedQueue<Runnable> {
        private static final long serialVersionUID = 1L;
        volatile Thread armedFor;
        volatile Runnable whilePaused;

        @Override
        public Runnable poll() {
            Runnable next = super.poll();
            if (next == null && Thread.currentThread() == armedFor) {
                armedFor = null;
                CompletableFuture.runAsync(whilePaused).join(); // another thread, while this one holds on
            }
            return next;
        }
    }

    private static PausingQueue installPausingQueue(CallbackSerializer serializer) throws Exception {
        Field field = CallbackSerializer.class.getDeclaredField("deferred");
        field.setAccessible(true);
        PausingQueue queue = new PausingQueue();
        field.set(serializer, queue);
        return queue;
    }

    @Test
    void anEventHandedOverJustAsARunNowCallerLetsGoIsRunByThatCaller() throws Exception {
        CallbackSerializer serializer = new CallbackSerializer();
        PausingQueue queue = installPausingQueue(serializer);
        AtomicInteger handedOver = new AtomicInteger();
        List<String> ranOn = Collections.synchronizedList(new ArrayList<>());
        queue.whilePaused = () -> serializer.runSoon(() -> {
            handedOver.incrementAndGet();
            ranOn.add(Thread.currentThread().getName());
        });
        queue.armedFor = Thread.currentThread();

        serializer.runNow(() -> log.add("message"));

        assertThat(queue.armedFor).as("the pause happened").isNull();
        assertThat(handedOver.get()).as("the event handed over while the caller held on").isEqualTo(1);
        assertThat(ranOn).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void anEventHandedOverJustAsARunSoonCallerLetsGoIsRunByThatCaller() throws Exception {
        CallbackSerializer serializer = new CallbackSerializer();
        PausingQueue queue = installPausingQueue(serializer);
        AtomicInteger handedOver = new AtomicInteger();
        queue.whilePaused = () -> serializer.runSoon(handedOver::incrementAndGet);
        queue.armedFor = Thread.currentThread();

        serializer.runSoon(() -> log.add("drain"));

        assertThat(queue.armedFor).as("the pause happened").isNull();
        assertThat(log).containsExactly("drain");
        assertThat(handedOver.get()).isEqualTo(1);
    }

    @Test
    void underStressEveryEventRunsExactlyOnceAndNoneOverlap() throws Exception {
        int threads = 12;
        int perThread = 3_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(threads * perThread * 2);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < perThread; i++) {
                    int id = (thread * perThread + i) * 2;
                    if (random.nextBoolean()) {
                        // A container event that raises a socket event from inside its callback.
                        callbacks.runNow(tracked(() -> {
                            runs.incrementAndGet(id);
                            callbacks.runSoon(tracked(() -> runs.incrementAndGet(id + 1)));
                        }));
                    } else {
                        // Socket events raised from outside any callback (a send completing on some thread).
                        callbacks.runSoon(tracked(() -> runs.incrementAndGet(id)));
                        callbacks.runSoon(tracked(() -> runs.incrementAndGet(id + 1)));
                    }
                }
            }, pool));
        }
        CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
        // Every caller has returned: whoever held the serializer ran what others handed to it.
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("event %d", i).isEqualTo(1);
        }
        assertThat(maxActive.get()).isEqualTo(1);
    }
}
