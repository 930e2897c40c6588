package dev.balda.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Puts partial text and binary frames back together into whole messages under
 * {@code maxPayloadLength}. Past the limit the message is dropped, every later part of it is
 * skipped, and {@code tooBig} is told once. Only the container's reading thread of one session
 * calls it, so it needs no locking.
 */
final class MessageAssembler {
    private final long maxPayloadLength;
    private final Consumer<WebSocketMessage> whole;
    private final Runnable tooBig;

    private StringBuilder textParts;
    private ByteArrayOutputStream binaryParts;
    private long assembledBytes;
    private boolean discarding;

    MessageAssembler(long maxPayloadLength, Consumer<WebSocketMessage> whole, Runnable tooBig) {
        this.maxPayloadLength = maxPayloadLength;
        this.whole = whole;
        this.tooBig = tooBig;
    }

    void text(String part, boolean last) {
        if (skip(last) || !account(Utf8.length(part), last)) {
            return;
        }
        String message;
        if (textParts == null && last) {
            message = part;
        } else {
            if (textParts == null) {
                textParts = new StringBuilder(part.length() * 2);
            }
            textParts.append(part);
            if (!last) {
                return;
            }
            message = textParts.toString();
            textParts = null;
        }
        assembledBytes = 0;
        whole.accept(WebSocketMessage.text(message));
    }

    void binary(ByteBuffer part, boolean last) {
        if (skip(last) || !account(part.remaining(), last)) {
            return;
        }
        byte[] chunk = new byte[part.remaining()];
        part.get(chunk);
        if (binaryParts == null && last) {
            // A message in one frame, the usual case: no assembly buffer, no second copy.
            assembledBytes = 0;
            whole.accept(WebSocketMessage.ownedBinary(chunk));
            return;
        }
        if (binaryParts == null) {
            binaryParts = new ByteArrayOutputStream(Math.max(chunk.length * 2, 256));
        }
        binaryParts.write(chunk, 0, chunk.length);
        if (!last) {
            return;
        }
        byte[] message = binaryParts.toByteArray();
        binaryParts = null;
        assembledBytes = 0;
        whole.accept(WebSocketMessage.ownedBinary(message));
    }

    /** Whether this part belongs to a message already refused. */
    private boolean skip(boolean last) {
        if (discarding) {
            discarding = !last;
            return true;
        }
        return false;
    }

    /** Counts a part against the limit; past it, drops the message. */
    private boolean account(long bytes, boolean last) {
        assembledBytes += bytes;
        if (assembledBytes <= maxPayloadLength) {
            return true;
        }
        textParts = null;
        binaryParts = null;
        assembledBytes = 0;
        discarding = !last;
        tooBig.run();
        return false;
    }
}
