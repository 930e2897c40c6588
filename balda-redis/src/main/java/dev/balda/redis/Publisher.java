package dev.balda.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic bus's way out: a bounded queue (messages and bytes) that publishing threads add to
 * without ever waiting, drained by one sender thread that writes what has gathered to Redis as one
 * pipelined batch of {@code PUBLISH} commands on the shared command connection, then waits for
 * the batch's answers before the next. One sender on one connection keeps the order in which this
 * node published; while a batch is in flight the next one gathers, so batches grow with the load.
 *
 * <p>What cannot be sent is dropped and counted, never kept for later: a full queue, no
 * connection, a batch Redis did not answer within the command timeout. Drops are reported in a
 * warning at most every {@value #DROP_REPORT_SECONDS} seconds.
 */
final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final ByteArrayCodec CODEC = ByteArrayCodec.INSTANCE;
    private static final long DROP_REPORT_SECONDS = 10;

    private record Message(byte[] channel, byte[] frame) {
        long size() {
            return (long) channel.length + frame.length;
        }
    }

    private final RedisConnection connection;
    private final LinkedBlockingQueue<Message> queue;
    private final long maxBytes;
    private final int maxBatch;
    private final Duration answerWait;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder droppedSinceReport = new LongAdder();
    private final AtomicLong nextReport = new AtomicLong(System.nanoTime());
    private final Thread sender;
    private volatile boolean running = true;

    Publisher(RedisConnection connection, String name) {
        RedisOptions options = connection.options();
        this.connection = connection;
        this.queue = new LinkedBlockingQueue<>(options.maxQueuedMessages());
        this.maxBytes = options.maxQueuedBytes();
        this.maxBatch = options.maxBatch();
        // Lettuce fails a command after the command timeout; the margin only covers scheduling.
        this.answerWait = options.commandTimeout().plusSeconds(1);
        this.sender = new Thread(this::run, name);
        sender.setDaemon(true);
    }

    void start() {
        sender.start();
    }

    /** Queues one message for Redis, or drops it (counted) when the queue is full. Never blocks. */
    void offer(byte[] channel, byte[] frame) {
        Message message = new Message(channel, frame);
        long size = message.size();
        if (queuedBytes.addAndGet(size) > maxBytes) {
            queuedBytes.addAndGet(-size);
            drop(1, "the outbound queue holds maxQueuedBytes");
        } else if (!queue.offer(message)) {
            queuedBytes.addAndGet(-size);
            drop(1, "the outbound queue holds maxQueuedMessages");
        }
    }

    /** A message that was never queued, because Redis is known to be away. */
    void dropUnsent() {
        drop(1, "Redis is not connected");
    }

    long sent() {
        return sent.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    int queued() {
        return queue.size();
    }

    /** Stops the sender; what is still queued is dropped. Waits for it a few seconds at most. */
    void stop() {
        running = false;
        sender.interrupt();
        try {
            sender.join(answerWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = queue.size();
        queue.clear();
        if (left > 0) {
            dropped.add(left);
        }
    }

    private void run() {
        List<Message> batch = new ArrayList<>(maxBatch);
        try {
            while (running) {
                batch.add(queue.take());
                queue.drainTo(batch, maxBatch - 1);
                long bytes = 0;
                for (Message message : batch) {
                    bytes += message.size();
                }
                queuedBytes.addAndGet(-bytes);
                send(batch);
                batch.clear();
            }
        } catch (InterruptedException stopped) {
            // stop() ends the sender
        }
    }

    private void send(List<Message> batch) throws InterruptedException {
        StatefulRedisConnection<byte[], byte[]> commands = connection.commands();
        if (commands == null || !commands.isOpen()) {
            drop(batch.size(), "Redis is not connected");
            return;
        }
        List<AsyncCommand<byte[], byte[], Long>> publishes = new ArrayList<>(batch.size());
        for (Message message : batch) {
            CommandArgs<byte[], byte[]> args = new CommandArgs<>(CODEC).addKey(message.channel).addValue(message.frame);
            publishes.add(new AsyncCommand<>(new Command<>(CommandType.PUBLISH, new IntegerOutput<>(CODEC), args)));
        }
        // One write and one flush for the batch; Redis answers in order, so the last answer means
        // every earlier one has come (or failed).
        commands.dispatch(publishes);
        try {
            publishes.get(publishes.size() - 1).get(answerWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            LOG.debug("A batch of {} publishes failed: {}", publishes.size(), failed.toString());
        }
        int ok = 0;
        for (AsyncCommand<byte[], byte[], Long> publish : publishes) {
            if (publish.isDone() && !publish.isCompletedExceptionally()) {
                ok++;
            }
        }
        sent.add(ok);
        if (ok < publishes.size()) {
            drop(publishes.size() - ok, "Redis did not answer them");
        }
    }

    private void drop(int count, String why) {
        dropped.add(count);
        droppedSinceReport.add(count);
        long now = System.nanoTime();
        long due = nextReport.get();
        if (now - due >= 0 && nextReport.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(DROP_REPORT_SECONDS))) {
            LOG.warn("The Redis topic bus dropped {} cross-node message(s) since its last report ({}); local subscribers "
                    + "had them. Next report in {} s at the earliest", droppedSinceReport.sumThenReset(), why,
                    DROP_REPORT_SECONDS);
        }
    }
}
