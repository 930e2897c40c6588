package dev.balda.websocket;

import java.nio.ByteBuffer;

/**
 * What a socket sends: a text or binary message, or a ping. Instances are immutable, so one
 * message published to a topic is shared by every subscriber's queue; the container gets a fresh
 * {@link ByteBuffer} view per write, never a buffer another write is reading.
 */
sealed interface Outgoing {

    /** Bytes counted against the backpressure limit and {@code bufferedAmount}; 0 for a ping. */
    int size();

    /** A text message; {@code size} is its UTF-8 length. */
    record Text(String text, int size) implements Outgoing {
        static Text of(String text) {
            return new Text(text, Utf8.length(text));
        }
    }

    /** A binary message over an array that nobody changes once it is handed over. */
    record Binary(byte[] bytes) implements Outgoing {
        @Override
        public int size() {
            return bytes.length;
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }
    }

    /** A ping frame, at most 125 bytes; it does not count as buffered data. */
    record Ping(byte[] data) implements Outgoing {
        @Override
        public int size() {
            return 0;
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(data).asReadOnlyBuffer();
        }
    }
}
