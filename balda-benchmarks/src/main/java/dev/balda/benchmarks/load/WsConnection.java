package dev.balda.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A minimal RFC 6455 client connection on a {@link NioLoop}: handshake, masked text frames out,
 * whole text messages in, pongs for pings, the closing handshake. Small per-connection buffers,
 * so one process holds 10,000 of them.
 */
final class WsConnection implements NioLoop.Channel {
    /** A fixed key: the server's 101 answer is then the same bytes every time, which the check compares. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** What the owner of the connection hears, always on the connection's loop thread. */
    interface Listener {
        default void opened(WsConnection connection) {
        }

        void text(WsConnection connection, byte[] data, int offset, int length);

        default void ended(WsConnection connection, Exception failure) {
        }
    }

    private enum State { CONNECTING, HANDSHAKE, OPEN, CLOSING, CLOSED }

    private final NioLoop loop;
    private final InetSocketAddress address;
    private final String path;
    private final Listener listener;
    private SocketChannel channel;
    private SelectionKey key;
    private State state = State.CONNECTING;
    private ByteBuffer in = ByteBuffer.allocate(1024);
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>(2);
    private ByteArrayOutputStream fragments;
    private int fragmentOpcode;
    private String handshakeResponse;
    private boolean everOpened;
    private int maskSeed;

    WsConnection(NioLoop loop, InetSocketAddress address, String path, Listener listener) {
        this.loop = loop;
        this.address = address;
        this.path = path;
        this.listener = listener;
        this.maskSeed = System.identityHashCode(this) | 1;
    }

    NioLoop loop() {
        return loop;
    }

    /** The server's 101 response up to the blank line, once open. */
    String handshakeResponse() {
        return handshakeResponse;
    }

    boolean open() {
        return state == State.OPEN;
    }

    /** Whether the handshake ever succeeded (also after the connection ended). */
    boolean everOpened() {
        return everOpened;
    }

    /** Starts connecting; call on the loop thread. */
    void connect() {
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = channel.connect(address);
            key = channel.register(loop.selector(), connected ? 0 : SelectionKey.OP_CONNECT, this);
            if (connected) {
                startHandshake();
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void startHandshake() throws IOException {
        state = State.HANDSHAKE;
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + address.getHostString() + ":" + address.getPort() + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        key.interestOps(SelectionKey.OP_READ);
        write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Override
    public void ready(SelectionKey selected) throws IOException {
        if (selected.isConnectable()) {
            channel.finishConnect();
            startHandshake();
            return;
        }
        if (selected.isWritable()) {
            flush();
        }
        if (selected.isValid() && selected.isReadable()) {
            read();
        }
    }

    private void read() throws IOException {
        int n = channel.read(in);
        if (n < 0) {
            end(state == State.CLOSING ? null : new IOException("The server closed the connection"));
            return;
        }
        in.flip();
        if (state == State.HANDSHAKE && !readHandshake()) {
            in.compact();
            growIfFull();
            return;
        }
        while (state == State.OPEN || state == State.CLOSING) {
            if (!readFrame()) {
                break;
            }
        }
        if (state != State.CLOSED) {
            in.compact();
            growIfFull();
        }
    }

    private void growIfFull() {
        if (!in.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
            in.flip();
            bigger.put(in);
            in = bigger;
        }
    }

    private boolean readHandshake() throws IOException {
        int limit = in.limit();
        for (int i = in.position(); i + 3 < limit; i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                byte[] head = new byte[i + 4 - in.position()];
                in.get(head);
                handshakeResponse = new String(head, StandardCharsets.ISO_8859_1);
                if (!handshakeResponse.startsWith("HTTP/1.1 101")) {
                    throw new IOException("Handshake refused: " + handshakeResponse.lines().findFirst().orElse(""));
                }
                state = State.OPEN;
                everOpened = true;
                listener.opened(this);
                return true;
            }
        }
        return false;
    }

    /** Reads one frame if it is all there; {@code false} when more bytes are needed. */
    private boolean readFrame() throws IOException {
        int start = in.position();
        int available = in.remaining();
        if (available < 2) {
            return false;
        }
        int b0 = in.get(start) & 0xff;
        int b1 = in.get(start + 1) & 0xff;
        long length = b1 & 0x7f;
        int header = 2;
        if (length == 126) {
            if (available < 4) {
                return false;
            }
            length = in.getShort(start + 2) & 0xffff;
            header = 4;
        } else if (length == 127) {
            if (available < 10) {
                return false;
            }
            length = in.getLong(start + 2);
            header = 10;
        }
        if ((b1 & 0x80) != 0) {
            throw new IOException("The server masked a frame");
        }
        if (length > 16 * 1024 * 1024) {
            throw new IOException("Frame of " + length + " bytes");
        }
        if (available < header + length) {
            if (in.capacity() < header + length) {
                ByteBuffer bigger = ByteBuffer.allocate((int) (header + length));
                bigger.put(in);
                bigger.flip();
                in = bigger;
            }
            return false;
        }
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0f;
        int payload = start + header;
        byte[] array = in.array();
        in.position((int) (payload + length));
        switch (opcode) {
            case 0x1, 0x2 -> {
                if (fin) {
                    listener.text(this, array, in.arrayOffset() + payload, (int) length);
                } else {
                    fragments = new ByteArrayOutputStream();
                    fragmentOpcode = opcode;
                    fragments.write(array, in.arrayOffset() + payload, (int) length);
                }
            }
            case 0x0 -> {
                if (fragments == null) {
                    throw new IOException("Continuation without a first fragment");
                }
                fragments.write(array, in.arrayOffset() + payload, (int) length);
                if (fin) {
                    byte[] whole = fragments.toByteArray();
                    fragments = null;
                    if (fragmentOpcode != 0) {
                        listener.text(this, whole, 0, whole.length);
                    }
                }
            }
            case 0x9 -> sendFrame(0xA, array, in.arrayOffset() + payload, (int) length);
            case 0xA -> {
                // A pong to a ping we never send: ignore.
            }
            case 0x8 -> {
                if (state == State.OPEN) {
                    sendFrame(0x8, array, in.arrayOffset() + payload, (int) Math.min(length, 2));
                }
                end(null);
                return false;
            }
            default -> throw new IOException("Unknown opcode " + opcode);
        }
        return true;
    }

    /** Sends a text message (the bytes are UTF-8). Call on the loop thread. */
    void sendText(byte[] utf8) {
        if (state != State.OPEN) {
            return;
        }
        try {
            sendFrame(0x1, utf8, 0, utf8.length);
        } catch (IOException e) {
            failed(e);
        }
    }

    /** Starts the closing handshake (code 1000). Call on the loop thread. */
    void close() {
        if (state == State.OPEN) {
            try {
                sendFrame(0x8, new byte[] {0x03, (byte) 0xe8}, 0, 2);
                state = State.CLOSING;
            } catch (IOException e) {
                end(null);
            }
        } else if (state != State.CLOSING) {
            end(null);
        }
    }

    /** Drops the connection at once. Call on the loop thread. */
    void abort() {
        end(null);
    }

    private void sendFrame(int opcode, byte[] data, int offset, int length) throws IOException {
        int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + 4 + length);
        frame.put((byte) (0x80 | opcode));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        int mask = nextMask();
        frame.putInt(mask);
        byte[] maskBytes = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        for (int i = 0; i < length; i++) {
            frame.put((byte) (data[offset + i] ^ maskBytes[i & 3]));
        }
        frame.flip();
        write(frame);
    }

    private int nextMask() {
        // xorshift: masks need not be secret here, only varied.
        int x = maskSeed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        maskSeed = x;
        return x;
    }

    private void write(ByteBuffer buffer) throws IOException {
        if (!out.isEmpty()) {
            out.add(buffer);
            return;
        }
        channel.write(buffer);
        if (buffer.hasRemaining()) {
            out.add(buffer);
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    private void flush() throws IOException {
        while (!out.isEmpty()) {
            ByteBuffer head = out.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                return;
            }
            out.poll();
        }
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
    }

    @Override
    public void failed(Exception e) {
        end(e);
    }

    private void end(Exception failure) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        try {
            if (key != null) {
                key.cancel();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Closing a socket that is already gone.
        }
        listener.ended(this, failure);
    }
}
