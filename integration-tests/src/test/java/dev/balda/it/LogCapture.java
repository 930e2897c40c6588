package dev.balda.it;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects every WARN and ERROR line written while it is open, from both logging paths of the
 * test JVM: SLF4J's simple logger (Balda, Jetty, Tyrus), which prints to {@code System.err}, and
 * {@code java.util.logging} (Tomcat). Used to prove that a flood of bad requests logs nothing above
 * DEBUG.
 */
public final class LogCapture implements AutoCloseable {
    private final List<String> lines = new ArrayList<>();
    private final PrintStream originalErr = System.err;
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                add(record.getLevel() + " " + record.getLoggerName() + " - " + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        Logger.getLogger("").addHandler(julHandler);
        System.setErr(new PrintStream(new LineTee(originalErr), true, StandardCharsets.UTF_8));
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** The WARN and ERROR lines seen so far. */
    public List<String> warnings() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private void add(String line) {
        synchronized (lines) {
            lines.add(line);
        }
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(originalErr);
        Logger.getLogger("").removeHandler(julHandler);
    }

    /** Passes everything through and keeps the lines the simple logger wrote at WARN or ERROR. */
    private final class LineTee extends OutputStream {
        private final OutputStream through;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineTee(OutputStream through) {
            this.through = through;
        }

        @Override
        public synchronized void write(int b) {
            try {
                through.write(b);
            } catch (java.io.IOException ignored) {
                // the console is gone; the capture goes on
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (text.contains("] WARN ") || text.contains("] ERROR ")) {
                    add(text);
                }
            } else if (line.size() < 8192) {
                line.write(b);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            through.flush();
        }
    }
}
