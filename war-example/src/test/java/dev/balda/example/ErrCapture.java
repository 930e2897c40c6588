package dev.balda.example;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the lines written to {@code System.err} while it is open, where slf4j-simple (the
 * example's SLF4J provider, in the WAR and on the test class path) writes the access log, and
 * passes everything through.
 */
final class ErrCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final List<String> lines = new ArrayList<>();

    ErrCapture() {
        System.setErr(new PrintStream(new Tee(), true, StandardCharsets.UTF_8));
    }

    /** The first line containing every one of the texts, waiting for it as long as the timeout. */
    synchronized String await(Duration timeout, String... texts) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : lines) {
                if (List.of(texts).stream().allMatch(line::contains)) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No line with " + List.of(texts) + " in " + lines);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private synchronized void line(String line) {
        lines.add(line);
        notifyAll();
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }

    private final class Tee extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            original.write(b);
            if (b == '\n') {
                line(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else if (line.size() < 16_384) {
                line.write(b);
            }
        }
    }
}
