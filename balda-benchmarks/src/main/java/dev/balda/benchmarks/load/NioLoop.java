package dev.balda.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread of the load generator. Every connection belongs to one loop and is touched
 * only by its thread; other threads hand it work with {@link #execute}. Its CPU time tells whether
 * the generator, not the server, was the bottleneck.
 */
final class NioLoop implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Something registered with the loop's selector. */
    interface Channel {
        void ready(SelectionKey key) throws IOException;

        void failed(Exception e);
    }

    NioLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** CPU time of the loop's thread so far, in nanoseconds. */
    long cpuNanos() {
        return THREADS.getThreadCpuTime(thread.getId());
    }

    private void run() {
        while (running) {
            try {
                selector.select(50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Channel channel = (Channel) key.attachment();
                try {
                    if (key.isValid()) {
                        channel.ready(key);
                    }
                } catch (IOException | RuntimeException e) {
                    key.cancel();
                    channel.failed(e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
