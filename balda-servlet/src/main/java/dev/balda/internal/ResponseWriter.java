package dev.balda.internal;

import dev.balda.http.Headers;
import dev.balda.plugin.BodyEncoder;
import dev.balda.transport.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link BufferedResponse} goes on the wire: committing status and headers, asking the
 * plugins' body encoder, counting what is written for the end listeners, and writing the body:
 * buffered bytes, a file or another streamed source, or the stream and event stream a handler
 * started. {@code BufferedResponse} holds what the response is; this class sends it.
 */
final class ResponseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);
    /** Files from this size go to the container's own file transfer where it has one (Tomcat's threshold). */
    private static final long SEND_FILE_FROM = 48 * 1024;

    private final BufferedResponse res;
    private final Exchange exchange;
    private BodyHooks hooks;
    private OutputStream stream;
    private boolean streamEncoded;
    private DefaultSseStream sse;

    ResponseWriter(BufferedResponse res, Exchange exchange) {
        this.res = res;
        this.exchange = exchange;
    }

    BodyHooks hooks() {
        if (hooks == null) {
            hooks = new BodyHooks();
        }
        return hooks;
    }

    /** Commits and returns the stream a handler writes its body into. */
    OutputStream startStream() throws IOException {
        BodyEncoder.Encoding encoding = encoding(-1);
        commit(-1);
        stream = wire();
        if (encoding != null) {
            stream = encoding.wrap(stream);
            streamEncoded = true;
        }
        return stream;
    }

    /** Commits and returns an event stream kept open after the handler returns. */
    DefaultSseStream startEvents() {
        try {
            BodyEncoder.Encoding encoding = encoding(-1);
            commit(-1);
            OutputStream out = wire();
            if (encoding != null) {
                out = encoding.wrap(out);
            }
            DefaultSseStream events = new DefaultSseStream(out, encoding != null);
            sse = events;
            if (hooks != null) {
                // The response ends when the stream does, on whatever thread closes it.
                BodyHooks listening = hooks;
                events.onClose(() -> listening.ended(res, null));
            }
            sse.attach(exchange.startAsync(sse::clientGone));
            out.flush();
        } catch (IOException e) {
            if (sse != null) {
                sse.clientGone();
            } else {
                throw new UncheckedIOException(e);
            }
        }
        return sse;
    }

    /**
     * Writes the buffered response, or lets a started stream end, then tells the listeners the
     * response ended (an event stream's end comes later, when it closes) and that the pipeline let
     * go of this thread.
     */
    void finish(boolean head) throws IOException {
        Throwable failure = null;
        try {
            write(head);
        } catch (IOException | RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            if (hooks != null) {
                if (sse == null || failure != null) {
                    hooks.ended(res, failure);
                }
                hooks.released();
            }
        }
    }

    /** The response was committed and then failed, or answered elsewhere: nothing more is written. */
    void abandoned(Throwable failure) {
        if (hooks != null) {
            hooks.ended(res, failure);
            hooks.released();
        }
    }

    /** Tells the listeners the pipeline let go of this thread (a suspended request resumes on another). */
    void threadReleased() {
        if (hooks != null) {
            hooks.threadLeft();
        }
    }

    /** Whether an event stream outlives the pipeline (the transport keeps the exchange open). */
    boolean keptOpen() {
        return sse != null && sse.isOpen() && sse.attached();
    }

    private void write(boolean head) throws IOException {
        if (res.detached || res.answeredEarly()) {
            return;
        }
        if (sse != null) {
            sse.handlerReturned();
            return;
        }
        if (stream != null) {
            if (streamEncoded) {
                stream.close();
            } else {
                stream.flush();
            }
            return;
        }
        int status = res.status;
        boolean bodiless = status < 200 || status == 204 || status == 304;
        if ((res.file != null || res.source != null) && !bodiless) {
            writeStreamed(head);
            return;
        }
        if (bodiless) {
            commit(-1);
            return;
        }
        byte[] bytes = res.body;
        int length = bytes == null ? 0 : bytes.length;
        BodyEncoder.Encoding encoding = encoding(length);
        if (encoding != null) {
            bytes = BodyHooks.encode(encoding, bytes);
            length = bytes.length;
        }
        commit(length);
        if (!head && length > 0) {
            exchange.responseBody().write(bytes);
            if (hooks != null) {
                hooks.wroteBuffered(length);
            }
        }
    }

    /**
     * A file or another source: opened now and copied to the client (through the encoding, if
     * any), or, for a large file without an encoding, handed to the container where it sends
     * files itself.
     */
    private void writeStreamed(boolean head) throws IOException {
        InputStream in;
        long size;
        try {
            size = res.file == null ? res.sourceLength : res.fileLength >= 0 ? res.fileLength : Files.size(res.file);
            in = head || size == 0 ? null : res.file != null ? openFile() : res.source.open();
        } catch (IOException e) {
            LOG.debug("The body's source ({}) could not be opened before it was sent: {}",
                    res.file != null ? res.file : "streamed", e.toString());
            res.file = null;
            res.source = null;
            res.headers.removeContentHeaders();
            res.error(404, "File not found");
            write(head);
            return;
        }
        try (InputStream body = in) {
            BodyEncoder.Encoding encoding = encoding(size);
            if (encoding == null) {
                commit(size);
                if (body != null && !sentByTheContainer(size)) {
                    BodyHooks.copy(body, wire(), size);
                }
                return;
            }
            commit(-1);
            if (body != null) {
                try (OutputStream out = encoding.wrap(wire())) {
                    BodyHooks.copy(body, out, size);
                }
            }
        }
    }

    /** Whether the container took a large file to send itself, after the headers were set. */
    private boolean sentByTheContainer(long size) {
        if (res.file == null || size < SEND_FILE_FROM || !exchange.sendFile(res.file, res.fileOffset, size)) {
            return false;
        }
        if (hooks != null) {
            hooks.wroteBuffered(size);
        }
        return true;
    }

    private InputStream openFile() throws IOException {
        if (res.fileOffset == 0) {
            return Files.newInputStream(res.file);
        }
        FileChannel channel = FileChannel.open(res.file);
        try {
            channel.position(res.fileOffset);
            return Channels.newInputStream(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Sends status and headers. A {@code Content-Length} header the user set is honoured only for
     * streams (whose length only the user knows); buffered bodies and files carry their real length.
     */
    private void commit(long contentLength) {
        if (!res.claimed.compareAndSet(false, true)) {
            throw new IllegalStateException("The response was already answered (the request timed out)");
        }
        exchange.setStatus(res.status);
        String declaredLength = null;
        Headers headers = res.headers;
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (name.equalsIgnoreCase("Content-Length")) {
                declaredLength = headers.value(i);
            } else {
                exchange.addHeader(name, headers.value(i));
            }
        }
        if (contentLength >= 0) {
            exchange.setContentLength(contentLength);
        } else if (declaredLength != null && res.body == null && res.file == null && res.source == null
                && res.status != 204 && res.status != 304) {
            exchange.addHeader("Content-Length", declaredLength);
        }
        res.committed = true;
    }

    /** The encoding the plugins' encoder chose for a body of this length, or {@code null}. */
    private BodyEncoder.Encoding encoding(long length) {
        BodyEncoder.Encoding encoding = hooks == null ? null : hooks.select(res, length);
        if (encoding != null) {
            // The encoded length is not the one a handler or source declared.
            res.headers.remove("Content-Length");
        }
        return encoding;
    }

    /** The client's body stream, counted when a listener wants the bytes. */
    private OutputStream wire() throws IOException {
        OutputStream out = exchange.responseBody();
        return hooks == null ? out : hooks.wire(out);
    }
}
