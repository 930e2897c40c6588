package dev.balda.plugin.compression;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** The content codings the {@link CompressionPlugin} can apply. */
public enum ContentCoding {
    /** {@code gzip} (RFC 1952). */
    GZIP("gzip"),
    /** {@code deflate}: the zlib format (RFC 1950), as HTTP defines it, not raw deflate. */
    DEFLATE("deflate");

    private static final int BUFFER = 8192;

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The token in {@code Accept-Encoding} and {@code Content-Encoding}. */
    public String token() {
        return token;
    }

    /**
     * A stream that encodes into {@code out}. Its {@code flush} pushes out what it holds (a sync
     * flush, so a flushed event reaches the client whole); its {@code close} ends the coding,
     * closes {@code out} and frees the compressor's native memory even when the client is gone.
     */
    OutputStream open(OutputStream out, int level) throws IOException {
        return this == GZIP ? new Gzip(out, level) : new Zlib(out, level);
    }

    private static final class Gzip extends GZIPOutputStream {
        Gzip(OutputStream out, int level) throws IOException {
            super(out, BUFFER, true);
            def.setLevel(level);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                def.end();
            }
        }
    }

    private static final class Zlib extends DeflaterOutputStream {
        Zlib(OutputStream out, int level) {
            super(out, new Deflater(level), BUFFER, true);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                def.end();
            }
        }
    }
}
