package dev.balda.internal;

import dev.balda.sse.SseEvent;
import dev.balda.sse.SseStream;
import dev.balda.transport.Exchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SseStream} over a committed response body. One lock serialises writes and the close, so
 * the async completion never races a write, and a failed write (the client left) closes the stream.
 */
final class DefaultSseStream implements SseStream {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSseStream.class);

    private final OutputStream out;
    /** Whether {@link #out} is an encoding that must be closed to end the body (a gzip trailer, say). */
    private final boolean closeOut;
    private final Object lock = new Object();
    private final List<Runnable> closeCallbacks = new ArrayList<>(1);
    private boolean open = true;
    private Exchange.AsyncHandle async;

    DefaultSseStream(OutputStream out, boolean closeOut) {
        this.out = out;
        this.closeOut = closeOut;
    }

    /** Ties the stream to the exchange kept open for it; completes at once if already closed. */
    void attach(Exchange.AsyncHandle handle) {
        boolean completeNow;
        synchronized (lock) {
            async = handle;
            completeNow = !open;
        }
        if (completeNow && handle != null) {
            handle.complete();
        }
    }

    /** Whether the transport keeps the exchange open for this stream. */
    boolean attached() {
        synchronized (lock) {
            return async != null;
        }
    }

    /** The handler chain returned: without an async exchange the stream cannot outlive it. */
    void handlerReturned() {
        boolean closeNow;
        synchronized (lock) {
            closeNow = open && async == null;
        }
        if (closeNow) {
            LOG.debug("SSE stream closed when its handler returned: the transport cannot keep it open");
            close();
        }
    }

    @Override
    public boolean send(SseEvent event) {
        return write(event.toBytes());
    }

    @Override
    public boolean send(String data) {
        return write(SseEvent.of(data == null ? "" : data).toBytes());
    }

    @Override
    public boolean comment(String text) {
        String value = text == null ? "" : text;
        StringBuilder sb = new StringBuilder(value.length() + 8).append(": ");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < value.length() && value.charAt(i + 1) == '\n') {
                    i++;
                }
                sb.append("\n: ");
            } else {
                sb.append(c);
            }
        }
        sb.append("\n\n");
        return write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private boolean write(byte[] bytes) {
        synchronized (lock) {
            if (!open) {
                return false;
            }
            try {
                out.write(bytes);
                out.flush();
                return true;
            } catch (IOException | RuntimeException e) {
                LOG.debug("SSE client went away: {}", e.toString());
            }
        }
        close();
        return false;
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return open;
        }
    }

    @Override
    public void onClose(Runnable callback) {
        boolean runNow;
        synchronized (lock) {
            runNow = !open;
            if (!runNow) {
                closeCallbacks.add(callback);
            }
        }
        if (runNow) {
            callback.run();
        }
    }

    /** The transport reported the client gone. */
    void clientGone() {
        close();
    }

    @Override
    public void close() {
        Exchange.AsyncHandle handle;
        List<Runnable> callbacks;
        synchronized (lock) {
            if (!open) {
                return;
            }
            open = false;
            handle = async;
            callbacks = new ArrayList<>(closeCallbacks);
            closeCallbacks.clear();
            if (closeOut) {
                try {
                    out.close();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Could not end the encoded SSE body (client gone?): {}", e.toString());
                }
            }
        }
        if (handle != null) {
            handle.complete();
        }
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("An SSE close callback failed", e);
            }
        }
    }
}
