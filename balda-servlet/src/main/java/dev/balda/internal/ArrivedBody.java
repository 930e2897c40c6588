package dev.balda.internal;

import dev.balda.http.HttpException;
import dev.balda.transport.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * What has arrived of a small request body when the pipeline starts. Small bodies come with the
 * request head, so they are taken on the calling thread without blocking, straight into an array
 * of the declared length, and only a body still on its way goes to the asynchronous read (which
 * starts from the part taken here). Each read follows the transport's word that something can be
 * read: Jetty says how many bytes; Tomcat says only 1 until its first read has filled its buffer,
 * so a check for the whole declared length would always fail there and send every small body
 * through the asynchronous read.
 */
final class ArrivedBody {
    /** Nothing could be read yet, or the body was not one to take here. */
    static final ArrivedBody NOTHING = new ArrivedBody(null, 0, null);

    private final byte[] body;
    private final int length;
    private final BodySource settled;

    private ArrivedBody(byte[] body, int length, BodySource settled) {
        this.body = body;
        this.length = length;
        this.settled = settled;
    }

    /** Takes what can be read without blocking of a body of the declared length. */
    static ArrivedBody take(Exchange exchange, int declared) {
        if (exchange.bodyAvailable() <= 0) {
            return NOTHING;
        }
        byte[] body = new byte[declared];
        int read = 0;
        try {
            InputStream in = exchange.requestBody();
            do {
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    return new ArrivedBody(null, 0, endedEarly());
                }
                read += n;
            } while (read < body.length && exchange.bodyAvailable() > 0);
        } catch (IOException e) {
            return new ArrivedBody(null, 0, unreadable(e));
        }
        return read == body.length ? new ArrivedBody(null, 0, BodyBuffer.of(body)) : new ArrivedBody(body, read, null);
    }

    /** The whole body, or why it cannot be read, when that is settled already; else {@code null}. */
    BodySource settled() {
        return settled;
    }

    /** The rest read blocking, for a transport that cannot suspend: the whole body, or its failure. */
    BodySource readRest(Exchange exchange, long limit) {
        if (body == null) {
            return new BodyReader(exchange, limit);
        }
        try {
            if (BodyReader.readFully(exchange.requestBody(), body, length) < body.length) {
                return endedEarly();
            }
        } catch (IOException e) {
            return unreadable(e);
        }
        return BodyBuffer.of(body);
    }

    /** Hands the part taken to the buffer the asynchronous read goes on filling. */
    void appendTo(BodyBuffer buffer) throws IOException {
        if (length > 0) {
            buffer.append(body, 0, length); // in memory: the declared length is under the threshold
        }
    }

    private static BodyBuffer endedEarly() {
        return BodyBuffer.failed(new HttpException(400, "BAD_REQUEST", "The request body ended before its Content-Length",
                Map.of(), null));
    }

    static BodyBuffer unreadable(IOException e) {
        return BodyBuffer.failed(BodyReader.unreadable(e));
    }
}
