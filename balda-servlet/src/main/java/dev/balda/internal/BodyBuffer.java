package dev.balda.internal;

import dev.balda.http.HttpException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A request body read ahead of the chain: in memory up to a threshold, then in a temporary file,
 * so a large upload costs disk rather than heap. What went wrong while reading (over the limit, the
 * deadline, a broken connection) is kept and thrown to whoever asks for the body. Writes come from
 * the transport's read callbacks and reads from the chain, never at once (the pipeline goes on
 * only after reading stopped); {@link #release} may race a late write, so both lock.
 */
final class BodyBuffer implements BodySource {
    private static final byte[] EMPTY = new byte[0];

    private final int threshold;
    private final Path directory;
    private byte[] memory;
    private int size;
    private Path file;
    private OutputStream fileOut;
    private long total;
    private byte[] cached;
    private HttpException failure;
    private boolean abandoned;
    private boolean released;

    BodyBuffer(int threshold, Path directory, long declared) {
        this.threshold = threshold;
        this.directory = directory;
        this.memory = new byte[(int) Math.max(0, Math.min(threshold, declared > 0 ? declared : 1024))];
    }

    /** A body that arrived whole, in memory. */
    static BodyBuffer of(byte[] body) {
        BodyBuffer buffer = new BodyBuffer(body.length, null, 0);
        buffer.memory = body;
        buffer.size = body.length;
        buffer.total = body.length;
        return buffer;
    }

    /** A body whose reading failed; the connection cannot be trusted with another request. */
    static BodyBuffer failed(HttpException failure) {
        BodyBuffer buffer = new BodyBuffer(0, null, 0);
        buffer.finish(failure, true);
        return buffer;
    }

    /** Appends a chunk; spills to a file once the threshold is passed. */
    synchronized void append(byte[] bytes, int offset, int length) throws IOException {
        if (released) {
            return;
        }
        total += length;
        if (fileOut == null && size + length <= threshold) {
            if (size + length > memory.length) {
                memory = Arrays.copyOf(memory, (int) Math.min(threshold, Math.max(size + length, memory.length * 2L)));
            }
            System.arraycopy(bytes, offset, memory, size, length);
            size += length;
            return;
        }
        if (fileOut == null) {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, "balda-body-", ".tmp");
            fileOut = Files.newOutputStream(file);
            fileOut.write(memory, 0, size);
            memory = null;
            size = 0;
        }
        fileOut.write(bytes, offset, length);
    }

    /** Bytes stored so far. */
    synchronized long total() {
        return total;
    }

    /** Reading stopped: the body is complete, or failed as given. */
    synchronized void finish(HttpException failure, boolean abandoned) {
        this.failure = failure;
        this.abandoned = abandoned;
        try {
            if (fileOut != null) {
                fileOut.close();
            }
        } catch (IOException e) {
            if (this.failure == null) {
                this.failure = new HttpException(400, "BAD_REQUEST", "The request body could not be stored", Map.of(), e);
            }
        }
    }

    @Override
    public synchronized byte[] bytes() {
        check();
        if (cached == null) {
            try {
                cached = file != null ? Files.readAllBytes(file) : size == 0 ? EMPTY : Arrays.copyOf(memory, size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cached;
    }

    @Override
    public synchronized InputStream stream() {
        check();
        if (cached != null) {
            return new ByteArrayInputStream(cached);
        }
        if (file != null) {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ByteArrayInputStream(memory == null ? EMPTY : memory, 0, size);
    }

    /** What went wrong while reading, or {@code null}. */
    synchronized HttpException failure() {
        return failure;
    }

    /** Whether the body went to a temporary file (for tests and the README's claim). */
    synchronized boolean inFile() {
        return file != null;
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
        if (released) {
            throw new IllegalStateException("The request body was released when its request ended");
        }
    }

    @Override
    public synchronized boolean abandoned() {
        return abandoned;
    }

    @Override
    public synchronized void release() {
        released = true;
        memory = null;
        cached = null;
        try {
            if (fileOut != null) {
                fileOut.close();
            }
        } catch (IOException ignored) {
            // deleting it is what matters
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }
}
