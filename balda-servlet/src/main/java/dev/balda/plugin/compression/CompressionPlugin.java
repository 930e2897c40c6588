package dev.balda.plugin.compression;

import dev.balda.http.MediaType;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.plugin.BodyEncoder;
import dev.balda.plugin.Plugin;
import dev.balda.plugin.ResponseHooks;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compresses response bodies with gzip or deflate, as the client's {@code Accept-Encoding}
 * allows (q-values, {@code gzip;q=0}, {@code *}): bodies of at least {@code threshold} bytes
 * (1 KiB; a stream or event stream, whose length is unknown, always) whose type is in
 * {@code types} (text, JSON, JavaScript and XML by default). Buffered bodies, files, streams and
 * server-sent events alike, through the engine's body-encoding hook: a buffered body still goes
 * out with its real (compressed) length, a streamed one chunked, and each flush of a stream or
 * event pushes its data out at once.
 *
 * <p>{@code Accept-Encoding} is added to {@code Vary} (merged with what is there) on every
 * response whose type could be compressed, compressed or not. Never compressed: a range
 * ({@code 206}, or any {@code Content-Range}), a body that already has a
 * {@code Content-Encoding}, a response marked {@code Cache-Control: no-transform}, {@code HEAD}
 * (its headers then describe the uncompressed body), and requests {@code skipFor} matches. The
 * plugin listed twice (globally and on a route) encodes once: the route's settings win. A strong
 * {@code ETag} becomes weak when the body is compressed, since the bytes are no longer the same.
 *
 * <pre>{@code
 * app.use(CompressionPlugin.builder().threshold(512).level(5).build());
 * }</pre>
 */
public final class CompressionPlugin implements Plugin {
    private static final List<String> DEFAULT_TYPES = List.of("text/*", "application/json", "application/*+json",
            "application/javascript", "application/x-javascript", "application/xml", "application/*+xml",
            "image/svg+xml");

    private final int threshold;
    private final int level;
    private final List<MediaRange> types;
    private final List<ContentCoding> encodings;
    private final Predicate<Request> skipFor;

    private CompressionPlugin(Builder b, List<MediaRange> types) {
        this.threshold = b.threshold;
        this.level = b.level;
        this.types = List.copyOf(types);
        this.encodings = List.copyOf(b.encodings);
        this.skipFor = b.skipFor;
    }

    /** gzip and deflate from 1 KiB, text, JSON, JavaScript and XML, level 6. */
    public static CompressionPlugin defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "compression";
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        if (!skipFor.test(req)) {
            ResponseHooks.encodeBody(res, new Negotiation(req.header("Accept-Encoding"), req.method().equals("HEAD")));
        }
        next.run();
    }

    private boolean compressible(String contentType) {
        MediaType type = MediaType.parse(contentType);
        if (type == null) {
            return false;
        }
        for (MediaRange range : types) {
            if (range.matches(type)) {
                return true;
            }
        }
        return false;
    }

    /** One request's choice, made when its response commits. */
    private final class Negotiation implements BodyEncoder {
        private final String acceptEncoding;
        private final boolean head;

        Negotiation(String acceptEncoding, boolean head) {
            this.acceptEncoding = acceptEncoding;
            this.head = head;
        }

        @Override
        public Encoding select(Response res, long length) {
            if (res.status() == 206 || res.header("Content-Range") != null) {
                return null;
            }
            String existing = res.header("Content-Encoding");
            if (existing != null && !existing.trim().equalsIgnoreCase("identity")) {
                return null;
            }
            if (!compressible(res.contentType()) || noTransform(res)) {
                return null;
            }
            res.vary("Accept-Encoding");
            if (head || length >= 0 && length < threshold) {
                return null;
            }
            ContentCoding coding = AcceptEncoding.choose(acceptEncoding, encodings);
            if (coding == null) {
                return null;
            }
            res.header("Content-Encoding", coding.token());
            String etag = res.header("ETag");
            if (etag != null && etag.startsWith("\"")) {
                res.header("ETag", "W/" + etag);
            }
            return out -> coding.open(out, level);
        }
    }

    private static boolean noTransform(Response res) {
        for (String value : res.headers("Cache-Control")) {
            if (value.toLowerCase(Locale.ROOT).contains("no-transform")) {
                return true;
            }
        }
        return false;
    }

    /** Builds a {@link CompressionPlugin}. */
    public static final class Builder {
        private int threshold = 1024;
        private int level = 6;
        private final List<String> types = new ArrayList<>(DEFAULT_TYPES);
        private Set<ContentCoding> encodings = new LinkedHashSet<>(List.of(ContentCoding.GZIP, ContentCoding.DEFLATE));
        private Predicate<Request> skipFor = req -> false;

        private Builder() {
        }

        /** The smallest body compressed, in bytes (1,024). */
        public Builder threshold(int bytes) {
            this.threshold = bytes;
            return this;
        }

        /** The compression level, 1 (fastest) to 9 (smallest); 6 by default. */
        public Builder level(int level) {
            this.level = level;
            return this;
        }

        /**
         * The types compressed, replacing the defaults: {@code type/subtype}, {@code type/*} or
         * {@code type/*+suffix} ({@code application/*+json}).
         */
        public Builder types(String... types) {
            this.types.clear();
            for (String type : types) {
                this.types.add(Objects.requireNonNull(type, "types must not hold null"));
            }
            return this;
        }

        /** The codings offered, in the server's order of preference (gzip, then deflate). */
        public Builder encodings(ContentCoding... encodings) {
            this.encodings = new LinkedHashSet<>(List.of(encodings));
            return this;
        }

        /** Requests whose responses are never compressed (already compressed downloads, say). */
        public Builder skipFor(Predicate<Request> skipFor) {
            this.skipFor = Objects.requireNonNull(skipFor, "skipFor");
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public CompressionPlugin build() {
            if (threshold < 0) {
                throw new IllegalArgumentException("compression: threshold must be 0 or more bytes, not " + threshold);
            }
            if (level < 1 || level > 9) {
                throw new IllegalArgumentException("compression: level must be 1 (fastest) to 9 (smallest), not " + level);
            }
            if (encodings.isEmpty()) {
                throw new IllegalArgumentException("compression: encodings must offer gzip, deflate or both");
            }
            if (types.isEmpty()) {
                throw new IllegalArgumentException("compression: types must list at least one type; drop the plugin"
                        + " to compress nothing");
            }
            List<MediaRange> ranges = new ArrayList<>();
            for (String type : types) {
                MediaRange range = MediaRange.parse(type);
                if (range == null) {
                    throw new IllegalArgumentException("compression: types has '" + type + "', which is not"
                            + " type/subtype, type/* or type/*+suffix");
                }
                ranges.add(range);
            }
            return new CompressionPlugin(this, ranges);
        }
    }
}
