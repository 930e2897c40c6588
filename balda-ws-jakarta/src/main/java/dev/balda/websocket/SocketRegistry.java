package dev.balda.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open sockets of one application and the threads that look after them, apart from the
 * {@link WebSockets} facade. Four small pools, all daemon threads that end when idle:
 *
 * <ul>
 *   <li>{@code timers} (one thread) runs the heartbeat and the deadlines of pings and closes. It
 *       only decides; the work it starts runs on the closer, so no handler and no container call
 *       ever runs on it and one slow socket cannot delay another's deadline.</li>
 *   <li>{@code closer} runs closing handshakes, aborts and the {@code close} callbacks that Balda
 *       itself starts. A container's close may block while a write is stuck (Tomcat waits for it,
 *       bounded by {@link SessionConnection#SEND_TIMEOUT}).</li>
 *   <li>{@code pinger} runs JSR-356's blocking {@code sendPing}, only when the socket has no write in
 *       flight; a ping that overruns its deadline aborts its socket, which releases the thread.</li>
 *   <li>{@code publisher} (one thread per core but one) helps hand a publish to the sockets of a
 *       large topic, next to the publishing thread ({@link FanOut}).</li>
 * </ul>
 */
final class SocketRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SocketRegistry.class);
    private static final int POOL_THREADS = 8;
    private static final long KEEP_ALIVE_SECONDS = 2;

    private final Set<BaldaSocket<?>> sockets = ConcurrentHashMap.newKeySet();
    private final Topics topics;
    private final Object lifecycle = new Object();
    private final ScheduledThreadPoolExecutor timers;
    private final ThreadPoolExecutor closer;
    private final ThreadPoolExecutor pinger;
    private final ThreadPoolExecutor publisher;
    private volatile Duration heartbeatTick;
    private boolean heartbeatStarted;
    private volatile boolean stopped;
    private final Duration deadline;

    /**
     * @param deadline how long a blocking ping, a closing handshake or a container's close report
     *     may take before a socket gives up on its peer ({@link SessionConnection#SEND_TIMEOUT})
     */
    SocketRegistry(Duration deadline) {
        this.deadline = deadline;
        timers = new ScheduledThreadPoolExecutor(1, daemonThreads("balda-ws-timer"));
        timers.setRemoveOnCancelPolicy(true);
        timers.setKeepAliveTime(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        timers.allowCoreThreadTimeOut(true);
        // After stop, a late close (a socket that finished opening during the shutdown) runs on the
        // caller instead of being lost.
        closer = pool("balda-ws-close", POOL_THREADS, new ThreadPoolExecutor.CallerRunsPolicy());
        pinger = pool("balda-ws-ping", POOL_THREADS, new ThreadPoolExecutor.AbortPolicy());
        int helpers = Runtime.getRuntime().availableProcessors() - 1;
        publisher = pool("balda-ws-publish", Math.max(1, helpers), new ThreadPoolExecutor.AbortPolicy());
        topics = new Topics(new FanOut(publisher, helpers));
    }

    private static ThreadPoolExecutor pool(String name, int threads, java.util.concurrent.RejectedExecutionHandler whenStopped) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads(name), whenStopped);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A route with this idle timeout exists; the heartbeat ticks often enough for the shortest. */
    void routeAdded(WebSocketOptions options) {
        Duration idle = options.idleTimeout();
        if (idle.isZero()) {
            return;
        }
        Duration tick = Duration.ofMillis(Math.max(100, Math.min(1_000, idle.toMillis() / 8)));
        synchronized (lifecycle) {
            if (heartbeatTick == null || tick.compareTo(heartbeatTick) < 0) {
                heartbeatTick = tick;
            }
        }
    }

    /** How long a socket waits on its peer before it gives up: see the constructor. */
    Duration deadline() {
        return deadline;
    }

    Topics topics() {
        return topics;
    }

    int size() {
        return sockets.size();
    }

    Executor closer() {
        return closer;
    }

    Executor pinger() {
        return pinger;
    }

    /**
     * Runs {@code task} on the closer after {@code delay}; the returned future cancels it. After
     * stop nothing more is scheduled and the future is already done.
     */
    Future<?> schedule(Runnable task, Duration delay) {
        try {
            return timers.schedule(() -> closer.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    void added(BaldaSocket<?> socket) {
        sockets.add(socket);
        if (stopped) {
            socket.closeWith(CloseCodes.GOING_AWAY, "Server shutting down");
            return;
        }
        startHeartbeat();
    }

    /** The socket closed: it leaves the set and every topic before its {@code close} callback runs. */
    void removed(BaldaSocket<?> socket) {
        sockets.remove(socket);
        socket.leaveTopics();
    }

    private void startHeartbeat() {
        synchronized (lifecycle) {
            Duration tick = heartbeatTick;
            if (heartbeatStarted || stopped || tick == null) {
                return;
            }
            heartbeatStarted = true;
            // The heartbeat keeps the timer thread alive while the application runs.
            timers.setCorePoolSize(1);
            timers.allowCoreThreadTimeOut(false);
            timers.scheduleWithFixedDelay(this::beat, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void beat() {
        long now = System.nanoTime();
        for (BaldaSocket<?> socket : sockets) {
            try {
                socket.heartbeat(now);
            } catch (RuntimeException e) {
                LOG.warn("Heartbeat failed for {}", socket, e);
            }
        }
    }

    /**
     * Closes every open socket with 1001, waits for the closing handshakes (each bounded by its
     * close deadline), gives up on what is left, stops the threads and then the topic bus, if any.
     * Runs when the application stops.
     */
    void stop() {
        List<BaldaSocket<?>> open;
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            stopped = true;
            open = new ArrayList<>(sockets);
        }
        for (BaldaSocket<?> socket : open) {
            socket.closeWith(CloseCodes.GOING_AWAY, "Server shutting down");
        }
        long until = System.nanoTime() + deadline.plusSeconds(2).toNanos();
        for (BaldaSocket<?> socket : open) {
            try {
                if (!socket.awaitClosed(until - System.nanoTime())) {
                    socket.abandon(CloseCodes.ABNORMAL, "Server shutting down");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timers.shutdownNow();
        pinger.shutdownNow();
        publisher.shutdown();
        closer.shutdown();
        // A container that undeploys the application looks for threads it left behind (Tomcat
        // warns of a leak): they end before stop returns, within a bound.
        long threadsUntil = Math.max(until, System.nanoTime()) + TimeUnit.SECONDS.toNanos(1);
        for (ThreadPoolExecutor pool : List.of(timers, pinger, publisher, closer)) {
            awaitEnd(pool, threadsUntil);
        }
        // Last: the sockets have left their topics, so the bus has heard of every topic's end.
        topics.stopBus();
    }

    private static void awaitEnd(ThreadPoolExecutor pool, long untilNanos) {
        OwnThreads threads = (OwnThreads) pool.getThreadFactory();
        // A stop called from one of the pool's own threads would wait for itself.
        if (threads.made(Thread.currentThread())) {
            return;
        }
        try {
            // A pool terminates as its last thread leaves its loop; joining makes sure it is gone.
            if (!pool.awaitTermination(untilNanos - System.nanoTime(), TimeUnit.NANOSECONDS)
                    || !threads.join(untilNanos)) {
                LOG.debug("Balda's WebSocket threads were still busy when the application stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        return new OwnThreads(name);
    }

    /** Daemon threads of one pool, which know them again (a stop run on one must not wait for it). */
    private static final class OwnThreads implements ThreadFactory {
        private final String name;
        private final AtomicInteger count = new AtomicInteger();
        private final ThreadGroup group = new ThreadGroup("balda-ws");

        OwnThreads(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(group, runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }

        boolean made(Thread thread) {
            return thread.getThreadGroup() == group;
        }

        /** Waits for every thread this factory made to end, until the deadline; whether they all did. */
        boolean join(long untilNanos) throws InterruptedException {
            Thread[] alive = new Thread[group.activeCount() + 1];
            int count = group.enumerate(alive);
            for (int i = 0; i < count; i++) {
                long left = untilNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                alive[i].join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return group.activeCount() == 0;
        }
    }
}
