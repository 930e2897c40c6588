package dev.balda.testkit.websocket;

import dev.balda.testkit.http.RawHttp;
import dev.balda.testkit.http.RawHttpResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One client WebSocket connection opened by {@link WebSocketTestClient}. A reader thread collects
 * whole messages (fragments joined, pings answered) into a queue that the {@code await} methods
 * take from, so assertions never race the network. The await methods fail the test with an
 * {@link AssertionError} that says what happened instead when nothing arrives in time.
 *
 * <p>For misbehaviour on purpose: {@link #pauseReading()} stops reading the socket so the server
 * meets backpressure, {@link #sendFrame} writes any frame (invalid UTF-8, bad opcodes), and
 * {@link #abort()} drops the connection without a close frame.
 *
 * <p>With {@link WebSocketTestClient.Request#perMessageDeflate()} the client offers the
 * permessage-deflate extension (RFC 7692); when the server accepts it, compressed messages are
 * inflated on arrival ({@link ReceivedMessage#wasCompressed()} tells which were) and
 * {@link #sendCompressedText} sends one compressed.
 */
public final class TestWebSocket implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_MESSAGE = 64 * 1024 * 1024;

    public static final int OPCODE_CONTINUATION = 0x0;
    public static final int OPCODE_TEXT = 0x1;
    public static final int OPCODE_BINARY = 0x2;
    public static final int OPCODE_CLOSE = 0x8;
    public static final int OPCODE_PING = 0x9;
    public static final int OPCODE_PONG = 0xA;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final RawHttpResponse handshake;
    private final Duration timeout;
    private final LinkedBlockingQueue<ReceivedMessage> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();
    private final Object readGate = new Object();
    private final boolean deflate;
    private final Inflater inflater = new Inflater(true);
    private boolean readingPaused;
    private volatile boolean closeSent;

    private TestWebSocket(Socket socket, DataInputStream in, RawHttpResponse handshake, Duration timeout)
            throws IOException {
        String extensions = handshake.header("Sec-WebSocket-Extensions");
        this.deflate = extensions != null && extensions.trim().toLowerCase(java.util.Locale.ROOT).startsWith("permessage-deflate");
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.handshake = handshake;
        this.timeout = timeout;
        Thread reader = new Thread(this::readLoop, "test-websocket-reader-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    static TestWebSocket open(String host, int port, String target, Map<String, List<String>> headers,
                              List<String> subprotocols, boolean offerDeflate, int receiveBufferSize, Duration timeout)
            throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBufferSize > 0) {
                socket.setReceiveBufferSize(receiveBufferSize);
            }
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            byte[] keyBytes = new byte[16];
            ThreadLocalRandom.current().nextBytes(keyBytes);
            String key = Base64.getEncoder().encodeToString(keyBytes);
            StringBuilder request = new StringBuilder()
                    .append("GET ").append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(':').append(port).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                    .append("Sec-WebSocket-Version: 13\r\n");
            if (!subprotocols.isEmpty()) {
                request.append("Sec-WebSocket-Protocol: ").append(String.join(", ", subprotocols)).append("\r\n");
            }
            if (offerDeflate) {
                request.append("Sec-WebSocket-Extensions: permessage-deflate\r\n");
            }
            headers.forEach((name, values) -> values.forEach(v -> request.append(name).append(": ").append(v).append("\r\n")));
            request.append("\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();

            // The answer may take the whole timeout on a busy machine; only a refusal's body without
            // a length, on a connection kept open, is cut short so the refusal is seen without hanging.
            socket.setSoTimeout((int) timeout.toMillis());
            RawHttpResponse response = RawHttp.read(socket, false, Duration.ofMillis(Math.min(timeout.toMillis(), 2_000)));
            if (response.status() != 101) {
                socket.close();
                throw new HandshakeRefusedException(response);
            }
            String accept = response.header("Sec-WebSocket-Accept");
            if (!expectedAccept(key).equals(accept)) {
                socket.close();
                throw new IOException("Bad Sec-WebSocket-Accept '" + accept + "' in " + response.statusLine());
            }
            socket.setSoTimeout(0);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            return new TestWebSocket(socket, in, response, timeout);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String expectedAccept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ handshake facts

    /** The server's {@code 101} answer. */
    public RawHttpResponse handshakeResponse() {
        return handshake;
    }

    /** The subprotocol the server chose, or {@code null}. */
    public String subprotocol() {
        return handshake.header("Sec-WebSocket-Protocol");
    }

    /** The extensions the server accepted ({@code Sec-WebSocket-Extensions}), or {@code null}. */
    public String extensions() {
        return handshake.header("Sec-WebSocket-Extensions");
    }

    /** Whether permessage-deflate was negotiated. */
    public boolean isDeflateNegotiated() {
        return deflate;
    }

    // ------------------------------------------------------------------ sending

    public void sendText(String text) throws IOException {
        sendFrame(OPCODE_TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBinary(byte[] data) throws IOException {
        sendFrame(OPCODE_BINARY, true, data);
    }

    public void ping(byte[] data) throws IOException {
        sendFrame(OPCODE_PING, true, data);
    }

    /** Sends a close frame; the server's answer is awaited with {@link #awaitClose}. */
    public void sendClose(int code, String reason) throws IOException {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + reasonBytes.length).putShort((short) code).put(reasonBytes);
        closeSent = true;
        sendFrame(OPCODE_CLOSE, true, payload.array());
    }

    /**
     * Sends a text message compressed with permessage-deflate (RSV1 set).
     *
     * @throws IllegalStateException if the server did not accept the extension
     */
    public void sendCompressedText(String text) throws IOException {
        if (!deflate) {
            throw new IllegalStateException("permessage-deflate was not negotiated: " + extensions());
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
                compressed.write(buffer, 0, n);
            }
            byte[] bytes = compressed.toByteArray();
            // RFC 7692 7.2.1: the trailing 00 00 FF FF of the sync flush is left off.
            writeFrame(0x80 | 0x40 | OPCODE_TEXT, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        } finally {
            deflater.end();
        }
    }

    /** Writes one masked frame exactly as given: any opcode, any payload, fragmented or not. */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        writeFrame((fin ? 0x80 : 0) | (opcode & 0x0F), payload);
    }

    private void writeFrame(int firstByte, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(firstByte);
        int length = payload.length;
        if (length < 126) {
            frame.write(0x80 | length);
        } else if (length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(length >>> 8);
            frame.write(length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        byte[] masked = new byte[length];
        for (int i = 0; i < length; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        frame.write(masked, 0, length);
        synchronized (out) {
            out.write(frame.toByteArray());
            out.flush();
        }
    }

    // ------------------------------------------------------------------ receiving

    /** The next message, waiting up to the client's default timeout. */
    public ReceivedMessage awaitMessage() {
        return awaitMessage(timeout);
    }

    /**
     * The next message.
     *
     * @throws AssertionError if none arrives in time, saying whether the connection closed instead
     */
    public ReceivedMessage awaitMessage(Duration wait) {
        ReceivedMessage message = pollMessage(wait);
        if (message == null) {
            CloseStatus status = closed.getNow(null);
            throw new AssertionError(status != null
                    ? "Expected a WebSocket message, but the connection closed with " + status
                    : "Expected a WebSocket message within " + wait.toMillis() + " ms, but none arrived");
        }
        return message;
    }

    /** The next text message's text; fails if the next message is binary. */
    public String awaitText() {
        ReceivedMessage message = awaitMessage();
        if (!message.isText()) {
            throw new AssertionError("Expected a text message but got " + message);
        }
        return message.text();
    }

    /** The next message, or {@code null} if none arrives in time (no assertion). */
    public ReceivedMessage pollMessage(Duration wait) {
        try {
            ReceivedMessage message = messages.poll(0, TimeUnit.MILLISECONDS);
            if (message != null) {
                return message;
            }
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                // Wake up early when the connection closes: no message can follow.
                message = messages.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
                if (message != null) {
                    return message;
                }
                if (closed.isDone()) {
                    return messages.poll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The messages received and not yet taken. */
    public int pendingMessages() {
        return messages.size();
    }

    /** How the connection ended, waiting up to the default timeout. */
    public CloseStatus awaitClose() {
        return awaitClose(timeout);
    }

    /**
     * How the connection ended.
     *
     * @throws AssertionError if it is still open after the wait
     */
    public CloseStatus awaitClose(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("Expected the WebSocket to close within " + wait.toMillis() + " ms, but it is still open");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for the close");
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** Whether the connection has ended. */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Pings received from the server so far (each answered with a pong unless reading is paused). */
    public int pingsReceived() {
        return pings.get();
    }

    /** Pongs received from the server so far. */
    public int pongsReceived() {
        return pongs.get();
    }

    /** Stops reading the socket, so unread data piles up in the kernel buffers and the server must hold back. */
    public void pauseReading() {
        synchronized (readGate) {
            readingPaused = true;
        }
    }

    /** Reads again after {@link #pauseReading()}. */
    public void resumeReading() {
        synchronized (readGate) {
            readingPaused = false;
            readGate.notifyAll();
        }
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Closes with 1000 and waits briefly for the server's close frame. */
    @Override
    public void close() {
        if (!closed.isDone()) {
            try {
                if (!closeSent) {
                    sendClose(1000, "");
                }
                closed.get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the socket is closed below either way
            }
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    // ------------------------------------------------------------------ reader

    private byte[] inflate(byte[] payload) throws IOException {
        // RFC 7692 7.2.2: append the 00 00 FF FF the sender left off, then inflate.
        byte[] input = java.util.Arrays.copyOf(payload, payload.length + 4);
        input[payload.length + 2] = (byte) 0xFF;
        input[payload.length + 3] = (byte) 0xFF;
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length * 4);
        byte[] buffer = new byte[8192];
        try {
            // With a sync-flushed input the inflater stops when it needs more input; the window
            // (context takeover) stays for the next message.
            while (!inflater.needsInput()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsDictionary() || inflater.finished())) {
                    break;
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_MESSAGE) {
                    throw new IOException("Inflated message larger than the test client accepts");
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("Bad permessage-deflate payload", e);
        }
        return out.toByteArray();
    }

    private void readLoop() {
        ByteArrayOutputStream fragments = null;
        boolean fragmentsText = false;
        boolean fragmentsCompressed = false;
        try {
            while (true) {
                synchronized (readGate) {
                    while (readingPaused) {
                        readGate.wait();
                    }
                }
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                boolean fin = (b0 & 0x80) != 0;
                boolean rsv1 = (b0 & 0x40) != 0;
                int opcode = b0 & 0x0F;
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                if (length > MAX_MESSAGE || length < 0) {
                    throw new IOException("Frame of " + length + " bytes is larger than the test client accepts");
                }
                byte[] mask = null;
                if ((b1 & 0x80) != 0) {
                    mask = new byte[4];
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                if (mask != null) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i & 3];
                    }
                }
                switch (opcode) {
                    case OPCODE_PING -> {
                        pings.incrementAndGet();
                        if (!closeSent) {
                            sendFrame(OPCODE_PONG, true, payload);
                        }
                    }
                    case OPCODE_PONG -> pongs.incrementAndGet();
                    case OPCODE_CLOSE -> {
                        CloseStatus status = payload.length >= 2
                                ? new CloseStatus(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF),
                                        new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8))
                                : new CloseStatus(CloseStatus.NO_STATUS, "");
                        if (!closeSent) {
                            closeSent = true;
                            sendFrame(OPCODE_CLOSE, true, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                        }
                        closed.complete(status);
                        socket.close();
                        return;
                    }
                    case OPCODE_TEXT, OPCODE_BINARY -> {
                        if (rsv1 && !deflate) {
                            throw new IOException("RSV1 set without a negotiated extension");
                        }
                        if (fin) {
                            messages.add(new ReceivedMessage(opcode == OPCODE_TEXT, rsv1 ? inflate(payload) : payload, rsv1));
                        } else {
                            fragments = new ByteArrayOutputStream();
                            fragments.write(payload);
                            fragmentsText = opcode == OPCODE_TEXT;
                            fragmentsCompressed = rsv1;
                        }
                    }
                    case OPCODE_CONTINUATION -> {
                        if (fragments == null) {
                            throw new IOException("Continuation frame without a message to continue");
                        }
                        fragments.write(payload);
                        if (fragments.size() > MAX_MESSAGE) {
                            throw new IOException("Fragmented message larger than the test client accepts");
                        }
                        if (fin) {
                            byte[] whole = fragments.toByteArray();
                            messages.add(new ReceivedMessage(fragmentsText,
                                    fragmentsCompressed ? inflate(whole) : whole, fragmentsCompressed));
                            fragments = null;
                        }
                    }
                    default -> throw new IOException("Unknown opcode " + opcode);
                }
            }
        } catch (EOFException e) {
            closed.complete(new CloseStatus(CloseStatus.ABNORMAL, ""));
        } catch (IOException e) {
            closed.complete(new CloseStatus(CloseStatus.ABNORMAL, e.getMessage() == null ? "" : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed.complete(new CloseStatus(CloseStatus.ABNORMAL, "interrupted"));
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
