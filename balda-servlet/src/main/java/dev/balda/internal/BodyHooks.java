package dev.balda.internal;

import dev.balda.http.Response;
import dev.balda.plugin.BodyEncoder;
import dev.balda.plugin.ResponseListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What plugins installed on one response through {@link dev.balda.plugin.ResponseHooks}: the body
 * encoder, the listeners told when it ends, and the count of body bytes written (kept only when
 * someone listens). A response without hooks never creates one.
 */
final class BodyHooks {
    private static final Logger LOG = LoggerFactory.getLogger(BodyHooks.class);
    private static final int MAX_BUFFER = 64 * 1024;

    private BodyEncoder encoder;
    private List<ResponseListener> listeners;
    private CountingOutputStream counter;
    private long bufferedBytes;
    private boolean ended;
    private boolean released;

    void encoder(BodyEncoder encoder) {
        this.encoder = encoder;
    }

    synchronized void listener(ResponseListener listener) {
        if (listeners == null) {
            listeners = new ArrayList<>(2);
        }
        listeners.add(listener);
    }

    synchronized boolean listening() {
        return listeners != null;
    }

    /** The encoding the encoder chose for this body, or {@code null}. */
    BodyEncoder.Encoding select(Response res, long length) {
        return encoder == null || length == 0 ? null : encoder.select(res, length);
    }

    /** The stream towards the client, counted when someone listens. */
    OutputStream wire(OutputStream exchangeBody) {
        if (!listening()) {
            return exchangeBody;
        }
        counter = new CountingOutputStream(exchangeBody);
        return counter;
    }

    /** A buffered body written in one piece (the count needs no wrapper). */
    void wroteBuffered(long bytes) {
        bufferedBytes = bytes;
    }

    /** Runs the listeners once; later calls do nothing. */
    void ended(Response res, Throwable failure) {
        List<ResponseListener> toRun;
        synchronized (this) {
            if (ended || listeners == null) {
                ended = true;
                return;
            }
            ended = true;
            toRun = List.copyOf(listeners);
        }
        long bytes = counter != null ? counter.count() : bufferedBytes;
        for (ResponseListener listener : toRun) {
            try {
                listener.ended(res, bytes, failure);
            } catch (RuntimeException e) {
                LOG.warn("A response listener ({}) failed", listener.getClass().getName(), e);
            }
        }
    }

    /** Tells the listeners the pipeline is done with the request on this thread; once per response. */
    void released() {
        release(true);
    }

    /**
     * Tells the listeners the request left this thread to resume on another (it waited for its
     * body or a store), so thread-bound context never outlives it here.
     */
    void threadLeft() {
        release(false);
    }

    private void release(boolean last) {
        List<ResponseListener> toRun;
        synchronized (this) {
            if (released || listeners == null) {
                released |= last;
                return;
            }
            released = last;
            toRun = List.copyOf(listeners);
        }
        for (ResponseListener listener : toRun) {
            try {
                listener.released();
            } catch (RuntimeException e) {
                LOG.warn("A response listener ({}) failed when released", listener.getClass().getName(), e);
            }
        }
    }

    /** Encodes a whole buffered body, so it still goes out with its real length. */
    static byte[] encode(BodyEncoder.Encoding encoding, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, body.length / 2));
        try (OutputStream out = encoding.wrap(bytes)) {
            out.write(body);
        }
        return bytes.toByteArray();
    }

    /**
     * Copies exactly {@code length} bytes; a source that ends sooner is an {@link IOException}
     * (the declared length was sent already).
     */
    static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[(int) Math.max(1, Math.min(length, MAX_BUFFER))];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("The body's source ended " + left + " bytes before its declared length");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
