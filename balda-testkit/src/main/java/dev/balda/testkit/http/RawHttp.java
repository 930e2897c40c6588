package dev.balda.testkit.http;

import dev.balda.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 spoken by hand over a socket, for requests no well-behaved client will send: malformed
 * escapes, NUL bytes, odd methods, broken framing. It writes the request bytes exactly as given and
 * reads one response, so a test sees exactly what the server put on the wire.
 *
 * <pre>{@code
 * RawHttpResponse r = RawHttp.send(server.baseUri(), "GET /users/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
 * assertThat(r.status()).isEqualTo(400);
 * }</pre>
 */
public final class RawHttp {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_HEAD = 64 * 1024;

    private RawHttp() {
    }

    /** Sends the request text (ISO-8859-1, so every char is one byte) and reads one response. */
    public static RawHttpResponse send(URI server, String request) throws IOException {
        return send(server, request.getBytes(StandardCharsets.ISO_8859_1), DEFAULT_TIMEOUT);
    }

    /**
     * A {@code GET} of a raw request target (sent byte for byte, however malformed); the target is
     * relative to the server's context path. The connection is left persistent, so the server
     * must frame the body and an aborted response shows as {@link RawHttpResponse#complete()}
     * {@code false}.
     */
    public static RawHttpResponse get(URI server, String rawTarget) throws IOException {
        String context = server.getRawPath() == null ? "" : server.getRawPath();
        return send(server, "GET " + context + rawTarget + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
                + "\r\n\r\n");
    }

    /**
     * Sends request bytes and reads one response. The read fails with {@link SocketTimeoutException}
     * if the server sends nothing for {@code timeout}: a hung connection is a test failure, not a
     * hang of the test.
     */
    public static RawHttpResponse send(URI server, byte[] request, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return read(socket.getInputStream(), request.length > 4 && new String(request, 0, 4,
                    StandardCharsets.ISO_8859_1).equals("HEAD"));
        }
    }

    /** Reads one response from a stream positioned at a status line. */
    public static RawHttpResponse read(InputStream in, boolean headRequest) throws IOException {
        return read(in, headRequest, false);
    }

    /**
     * Reads one response; with {@code endAtTimeout}, a body without framing ends at the socket's
     * read timeout instead of failing (some servers refuse a WebSocket handshake with a body that
     * has no length and keep the connection open).
     */
    public static RawHttpResponse read(InputStream in, boolean headRequest, boolean endAtTimeout) throws IOException {
        return read(in, headRequest, endAtTimeout ? () -> { } : null);
    }

    /**
     * Reads one response from a socket: the status line, headers and any framed body within the
     * socket's read timeout, and a body without framing until the connection ends or nothing comes
     * for {@code unframedBodyWait} (a server may refuse a WebSocket handshake with such a body and
     * keep the connection open). A slow server is waited for; only the unframed tail is cut short.
     */
    public static RawHttpResponse read(Socket socket, boolean headRequest, Duration unframedBodyWait) throws IOException {
        return read(socket.getInputStream(), headRequest, () -> socket.setSoTimeout((int) unframedBodyWait.toMillis()));
    }

    /** What to do before reading a body without framing; {@code null}: read it to the end, no timeout allowed. */
    @FunctionalInterface
    private interface BeforeUnframedBody {
        void run() throws IOException;
    }

    private static RawHttpResponse read(InputStream in, boolean headRequest, BeforeUnframedBody beforeUnframed)
            throws IOException {
        String statusLine = readLine(in);
        while (statusLine.isEmpty()) {
            statusLine = readLine(in);
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("Not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Headers headers = new Headers();
        int headBytes = statusLine.length();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            headBytes += line.length();
            if (headBytes > MAX_HEAD) {
                throw new IOException("Response head larger than " + MAX_HEAD + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                try {
                    headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                } catch (IllegalArgumentException e) {
                    throw new IOException("Malformed header line '" + line + "': " + e.getMessage(), e);
                }
            }
        }
        if (status == 100) {
            return read(in, headRequest, beforeUnframed);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete;
        String transferEncoding = headers.first("Transfer-Encoding");
        String contentLength = headers.first("Content-Length");
        if (headRequest || status == 204 || status == 304 || status < 200) {
            complete = true;
        } else if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            complete = readChunked(in, body);
        } else if (contentLength != null) {
            complete = readFixed(in, body, Long.parseLong(contentLength.trim()));
        } else {
            if (beforeUnframed != null) {
                beforeUnframed.run();
            }
            complete = readToEnd(in, body, beforeUnframed != null);
        }
        return new RawHttpResponse(statusLine, status, headers, body.toByteArray(), complete);
    }

    private static boolean readChunked(InputStream in, ByteArrayOutputStream body) throws IOException {
        try {
            while (true) {
                String sizeLine = readLine(in);
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
                if (size == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    return true;
                }
                if (!readFixed(in, body, size)) {
                    return false;
                }
                readLine(in);
            }
        } catch (EOFException | NumberFormatException e) {
            return false;
        } catch (IOException e) {
            // A reset connection in the middle of a chunked body is what an aborted response looks like.
            return false;
        }
    }

    private static boolean readFixed(InputStream in, ByteArrayOutputStream body, long length) throws IOException {
        byte[] buffer = new byte[8192];
        long remaining = length;
        while (remaining > 0) {
            int n;
            try {
                n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                return false;
            }
            if (n < 0) {
                return false;
            }
            body.write(buffer, 0, n);
            remaining -= n;
        }
        return true;
    }

    private static boolean readToEnd(InputStream in, ByteArrayOutputStream body, boolean endAtTimeout)
            throws IOException {
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                body.write(buffer, 0, n);
            }
            return true;
        } catch (SocketTimeoutException e) {
            if (endAtTimeout) {
                return false;
            }
            throw e;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (sb.length() == 0) {
                    throw new EOFException("Connection closed before a complete line");
                }
                return sb.toString();
            }
            if (c == '\n') {
                int last = sb.length() - 1;
                if (last >= 0 && sb.charAt(last) == '\r') {
                    sb.setLength(last);
                }
                return sb.toString();
            }
            sb.append((char) c);
            if (sb.length() > MAX_HEAD) {
                throw new IOException("Line longer than " + MAX_HEAD + " bytes");
            }
        }
    }
}
