package dev.balda.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The built-in HTTP load generator, for machines without wrk: closed-loop HTTP/1.1 keep-alive
 * connections (each sends its next request when the answer to the last is complete), driven by
 * selector loops as wrk drives its threads. Answers need a {@code Content-Length}, which both
 * benchmark servers always send; a body of any length (a 1 MiB file) is read and discarded as it
 * arrives, never held whole.
 */
final class HttpLoad {
    /** What a run did. */
    record Result(long requests, long errors, long nanos) {
    }

    private final List<NioLoop> loops;
    private final InetSocketAddress address;
    private final byte[] request;

    HttpLoad(List<NioLoop> loops, InetSocketAddress address, byte[] request) {
        this.loops = loops;
        this.address = address;
        this.request = request;
    }

    Result run(int connections, long durationMillis) throws IOException, InterruptedException {
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(durationMillis);
        for (int i = 0; i < connections; i++) {
            NioLoop loop = loops.get(i % loops.size());
            Connection connection = new Connection(loop, deadline, completed, errors, failure, done);
            loop.execute(connection::connect);
        }
        if (!done.await(durationMillis + 10_000, TimeUnit.MILLISECONDS)) {
            throw new IOException("HTTP connections did not finish within 10 s after the run");
        }
        long nanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IOException("HTTP load failed: " + failure.get(), failure.get());
        }
        return new Result(completed.get(), errors.get(), Math.min(nanos, deadline - start));
    }

    private final class Connection implements NioLoop.Channel {
        private final NioLoop loop;
        private final long deadline;
        private final AtomicLong completed;
        private final AtomicLong errors;
        private final AtomicReference<Exception> failure;
        private final CountDownLatch done;
        private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        private final ByteBuffer out = ByteBuffer.wrap(request);
        private SocketChannel channel;
        private SelectionKey key;
        private boolean finished;
        /** Body bytes of the current answer still to come, or -1 while its head is being read. */
        private long bodyLeft = -1;
        private int status;

        Connection(NioLoop loop, long deadline, AtomicLong completed, AtomicLong errors,
                   AtomicReference<Exception> failure, CountDownLatch done) {
            this.loop = loop;
            this.deadline = deadline;
            this.completed = completed;
            this.errors = errors;
            this.failure = failure;
            this.done = done;
        }

        void connect() {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
                if (channel.connect(address)) {
                    key.interestOps(SelectionKey.OP_READ);
                    send();
                }
            } catch (IOException | RuntimeException e) {
                failed(e);
            }
        }

        private void send() throws IOException {
            out.clear();
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_READ);
        }

        @Override
        public void ready(SelectionKey selected) throws IOException {
            if (selected.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                send();
                return;
            }
            if (selected.isWritable()) {
                channel.write(out);
                if (!out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (selected.isValid() && selected.isReadable()) {
                read();
            }
        }

        private void read() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("The server closed a keep-alive connection");
            }
            long arrived;
            if (bodyLeft < 0) {
                int headEnd = headEnd();
                if (headEnd < 0) {
                    if (!in.hasRemaining()) {
                        throw new IOException("A response header over " + in.capacity() + " bytes");
                    }
                    return;
                }
                status = (in.get(9) - '0') * 100 + (in.get(10) - '0') * 10 + (in.get(11) - '0');
                bodyLeft = contentLength(headEnd);
                arrived = in.position() - headEnd;
            } else {
                arrived = in.position();
            }
            in.clear();
            if (arrived > bodyLeft) {
                throw new IOException("Bytes after a response (the generator does not pipeline)");
            }
            bodyLeft -= arrived;
            if (bodyLeft > 0) {
                return;
            }
            bodyLeft = -1;
            if (status < 200 || status > 299) {
                errors.incrementAndGet();
            }
            if (System.nanoTime() - deadline < 0) {
                completed.incrementAndGet();
                send();
            } else {
                finish(null);
            }
        }

        /** Where the head of the answer ends (after its blank line), or -1 while it is incomplete. */
        private int headEnd() {
            int end = in.position();
            for (int i = 3; i < end; i++) {
                if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        private long contentLength(int headEnd) throws IOException {
            String head = new String(in.array(), 0, headEnd, StandardCharsets.ISO_8859_1);
            int at = indexOfIgnoreCase(head, "\r\ncontent-length:");
            if (at < 0) {
                throw new IOException("A response without Content-Length: " + head.lines().findFirst().orElse(""));
            }
            int from = at + 17;
            int to = head.indexOf('\r', from);
            return Long.parseLong(head.substring(from, to).trim());
        }

        @Override
        public void failed(Exception e) {
            finish(e);
        }

        private void finish(Exception e) {
            if (finished) {
                return;
            }
            finished = true;
            if (e != null) {
                failure.compareAndSet(null, e);
            }
            try {
                if (key != null) {
                    key.cancel();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // Already gone.
            }
            done.countDown();
        }
    }

    private static int indexOfIgnoreCase(String text, String lowerNeedle) {
        int n = lowerNeedle.length();
        for (int i = 0; i + n <= text.length(); i++) {
            if (text.regionMatches(true, i, lowerNeedle, 0, n)) {
                return i;
            }
        }
        return -1;
    }

    static List<NioLoop> loops(int count, String name) {
        List<NioLoop> loops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            loops.add(new NioLoop(name + "-" + i));
        }
        return loops;
    }
}
