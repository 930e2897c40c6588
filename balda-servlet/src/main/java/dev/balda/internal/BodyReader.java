package dev.balda.internal;

import dev.balda.http.HttpException;
import dev.balda.http.MediaType;
import dev.balda.transport.Exchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads one request's body, at most once, under a size limit. A body over the limit is refused
 * with 413; what is left of it is read and dropped up to {@link #DISCARD_LIMIT}, so the answer
 * reaches the client on a reusable connection; a body declared far larger, or held back by
 * {@code Expect: 100-continue}, is not touched and the connection is marked for closing.
 */
public final class BodyReader implements BodySource {
    /** How much of a refused body is read and dropped before giving up on the connection (as Tomcat's maxSwallowSize). */
    public static final long DISCARD_LIMIT = 2L * 1024 * 1024;
    private static final byte[] EMPTY = new byte[0];
    /** Declared lengths up to this are read into an array of that size at once. */
    private static final int EXACT_READ = 64 * 1024;

    private final Exchange exchange;
    private final long limit;
    private byte[] body;
    private HttpException failure;
    private boolean abandoned;

    BodyReader(Exchange exchange, long limit) {
        this.exchange = exchange;
        this.limit = limit;
    }

    /**
     * The body's bytes, read on the first call and kept.
     *
     * @throws HttpException 413 over the limit, 400 when the body could not be read; a failed read
     *     is not tried again (the transport's stream is partly consumed), later calls throw the same
     */
    @Override
    public byte[] bytes() {
        if (body == null) {
            if (failure != null) {
                throw failure;
            }
            try {
                body = read();
            } catch (HttpException e) {
                failure = e;
                throw e;
            }
        }
        return body;
    }

    /** Whether part of the body was left unread after a refusal, so the connection should close. */
    @Override
    public boolean abandoned() {
        return abandoned;
    }

    @Override
    public InputStream stream() {
        return new java.io.ByteArrayInputStream(bytes());
    }

    @Override
    public void release() {
        body = null;
    }

    private byte[] read() {
        long declared = exchange.contentLength();
        if (declared > limit) {
            String expect = exchange.header("Expect");
            if (declared > limit + DISCARD_LIMIT || expect != null && expect.equalsIgnoreCase("100-continue")) {
                // Not worth reading, or not even sent yet (the client waits for 100 Continue):
                // refuse without touching the body and close the connection after the answer.
                abandoned = true;
                throw tooLarge();
            }
        }
        try (InputStream in = exchange.requestBody()) {
            if (declared > limit) {
                discardRest(in);
                throw tooLarge();
            }
            ByteArrayOutputStream out;
            long total = 0;
            if (declared > 0 && declared <= EXACT_READ) {
                // The usual case: a small declared length is read straight into the body's own array,
                // with no scratch buffer and no copy.
                byte[] exact = new byte[(int) declared];
                int read = readFully(in, exact, 0);
                if (read < exact.length) {
                    return read == 0 ? EMPTY : Arrays.copyOf(exact, read);
                }
                int next = in.read();
                if (next < 0) {
                    return exact;
                }
                // More than declared (a transport that does not end the stream there): go on as below.
                out = new ByteArrayOutputStream(exact.length * 2);
                out.write(exact);
                out.write(next);
                total = exact.length + 1L;
                if (total > limit) {
                    discardRest(in);
                    throw tooLarge();
                }
            } else {
                // The declared length is only the client's claim (and may exceed an int): presize up to 64 KiB.
                out = new ByteArrayOutputStream(declared > 0 ? (int) Math.min(declared, EXACT_READ) : 256);
            }
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > limit) {
                    discardRest(in);
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
            return total == 0 ? EMPTY : out.toByteArray();
        } catch (IOException e) {
            abandoned = true;
            throw unreadable(e);
        }
    }

    /** The one answer for a body the transport failed to deliver, wherever it was being read. */
    static HttpException unreadable(Throwable cause) {
        return new HttpException(400, "BAD_REQUEST", "The request body could not be read", Map.of(), cause);
    }

    /** Reads into {@code into} from {@code from} until it is full or the stream ends; how many bytes it now holds. */
    static int readFully(InputStream in, byte[] into, int from) throws IOException {
        int read = from;
        while (read < into.length) {
            int n = in.read(into, read, into.length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return read;
    }

    /**
     * Reads and drops what is left of a refused body, up to {@link #DISCARD_LIMIT}: a server that
     * closes a connection with unread request data makes the client's TCP stack reset it, and the
     * client may lose the answer.
     */
    private void discardRest(InputStream in) {
        byte[] scratch = new byte[8192];
        long budget = DISCARD_LIMIT;
        try {
            while (budget > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, budget));
                if (n < 0) {
                    return;
                }
                budget -= n;
            }
            abandoned = in.read() >= 0;
        } catch (IOException e) {
            abandoned = true;
        }
    }

    HttpException tooLarge() {
        return HttpException.payloadTooLarge("The request body is larger than " + limit + " bytes");
    }

    /**
     * The charset a content type names, UTF-8 when it names none.
     *
     * @throws HttpException 415 {@code UNSUPPORTED_MEDIA_TYPE} for a charset this JVM does not know
     */
    public static Charset charset(String contentType) {
        return charset(MediaType.parse(contentType));
    }

    /** The charset a parsed content type names; UTF-8 for {@code null} or none named. */
    static Charset charset(MediaType type) {
        String name = type == null ? null : type.charsetName();
        if (name == null || name.equalsIgnoreCase("UTF-8")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw HttpException.unsupportedMediaType("Unsupported charset '" + name + "'");
        }
    }
}
