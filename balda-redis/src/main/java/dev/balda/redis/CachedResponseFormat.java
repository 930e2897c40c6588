package dev.balda.redis;

import dev.balda.plugin.cache.CachedResponse;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cached response as {@link RedisCacheStore} keeps it in Redis: binary, since the body is bytes
 * (JSON would have to encode it in base64, a third larger), and read back exactly. Byte 0 is the
 * format (1); then the status (2 bytes), when it was stored (8 bytes, epoch milliseconds), the
 * number of headers (4 bytes) and each header as its name and value (each a 4-byte length and
 * UTF-8), and last the body (a 4-byte length and the bytes). A value in another format, cut short
 * or with lengths that do not add up, is refused on reading, never half read.
 */
final class CachedResponseFormat {
    static final byte VERSION = 1;

    private CachedResponseFormat() {
    }

    static byte[] write(CachedResponse response) {
        byte[] body = response.body();
        List<byte[]> texts = new ArrayList<>(2 * response.headers().size());
        int size = 1 + 2 + 8 + 4 + 4 + body.length;
        for (Map.Entry<String, String> header : response.headers()) {
            for (String text : List.of(header.getKey(), header.getValue())) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                texts.add(bytes);
                size += 4 + bytes.length;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION).putShort((short) response.status()).putLong(response.storedAtMillis())
                .putInt(response.headers().size());
        for (byte[] text : texts) {
            out.putInt(text.length).put(text);
        }
        out.putInt(body.length).put(body);
        return out.array();
    }

    /** @throws IllegalArgumentException when the value is not a response in this format */
    static CachedResponse read(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        try {
            if (in.get() != VERSION) {
                throw new IllegalArgumentException("not a cached response of format " + VERSION);
            }
            int status = Short.toUnsignedInt(in.getShort());
            long storedAt = in.getLong();
            int count = length(in, 8);
            List<Map.Entry<String, String>> headers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                headers.add(Map.entry(text(in), text(in)));
            }
            byte[] body = new byte[length(in, 1)];
            in.get(body);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the body");
            }
            return CachedResponse.of(status, headers, body, storedAt);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("cut short", e);
        }
    }

    private static String text(ByteBuffer in) {
        byte[] bytes = new byte[length(in, 1)];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A count of items of at least {@code unit} bytes each, which must fit in what is left. */
    private static int length(ByteBuffer in, int unit) {
        int length = in.getInt();
        if (length < 0 || (long) length * unit > in.remaining()) {
            throw new IllegalArgumentException("a length of " + length + " with " + in.remaining() + " bytes left");
        }
        return length;
    }
}
