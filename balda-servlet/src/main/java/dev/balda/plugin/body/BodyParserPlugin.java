package dev.balda.plugin.body;

import dev.balda.http.HttpException;
import dev.balda.http.MediaType;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.internal.BodyReader;
import dev.balda.plugin.BodyLimit;
import dev.balda.plugin.Plugin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The body parser plugin: puts the parsed request body in {@code req.parsedBody()}, and uploads in
 * {@code req.files()}, by content type.
 *
 * <table>
 *   <caption>What each content type becomes</caption>
 *   <tr><th>content type</th><th>{@code parsedBody()}</th><th>limits (defaults)</th></tr>
 *   <tr><td>{@code application/json}, {@code application/*+json}</td><td>maps, lists, strings,
 *       numbers, booleans; {@code null} for an empty body</td><td>{@code jsonSizeLimit} 100 KiB,
 *       {@code jsonMaxDepth} 32, {@code jsonMaxKeys} 10,000; bad JSON 400 {@code INVALID_JSON}</td></tr>
 *   <tr><td>{@code application/x-www-form-urlencoded}</td><td>{@code Map<String, List<String>>}
 *       (every value of a repeated key), or with {@code formExtended} nested maps and lists
 *       ({@code a[b]=1}, {@code tags[]=x}; {@code __proto__}-like keys 400)</td><td>{@code formLimit}
 *       1 MiB, {@code formParameterLimit} 1,000</td></tr>
 *   <tr><td>{@code multipart/form-data}</td><td>the fields, as for a form; files in
 *       {@code req.files()}, each in a temporary file deleted when the request ends</td><td>
 *       {@code maxFileSize} 1 MiB, {@code maxTotalSize} 10 MiB, {@code maxFiles} 10,
 *       {@code allowedMimeTypes} any (else 415); an unsafe file name 400 {@code UNSAFE_FILENAME};
 *       a malformed or cut body 400 {@code INVALID_MULTIPART}</td></tr>
 *   <tr><td>{@code text/*}</td><td>a {@code String} in the body's charset (an unknown one is 415)</td>
 *       <td>{@code rawLimit} 1 MiB</td></tr>
 *   <tr><td>anything else</td><td>{@code byte[]}</td><td>{@code rawLimit} 1 MiB</td></tr>
 * </table>
 *
 * <p>Over any size, count or depth limit is 413 {@code PAYLOAD_TOO_LARGE}. A size limit is also
 * the most the engine reads of such a body ({@link BodyLimit}), checked on {@code Content-Length}
 * before reading and while reading (chunked bodies). Each parser can be turned off
 * ({@code json(false)}, ...); a body of a type whose parser is off is left alone, within
 * {@code maxBodySize}.
 *
 * <pre>{@code
 * app.use(BodyParserPlugin.builder().formExtended(true).maxFileSize(5 * 1024 * 1024)
 *         .allowedMimeTypes("image/png", "image/jpeg").build());
 * }</pre>
 */
public final class BodyParserPlugin implements Plugin, BodyLimit {
    /** The request attribute holding the uploads, read by {@code Request.files()}. */
    public static final String FILES = "dev.balda.files";

    private final boolean json;
    private final boolean form;
    private final boolean multipart;
    private final boolean raw;
    private final long jsonSizeLimit;
    private final int jsonMaxDepth;
    private final int jsonMaxKeys;
    private final long formLimit;
    private final int formParameterLimit;
    private final boolean formExtended;
    private final long maxFileSize;
    private final long maxTotalSize;
    private final int maxFiles;
    private final List<String> allowedMimeTypes;
    private final long rawLimit;
    private final Path uploadDirectory;

    private BodyParserPlugin(Builder b) {
        this.json = b.json;
        this.form = b.form;
        this.multipart = b.multipart;
        this.raw = b.raw;
        this.jsonSizeLimit = b.jsonSizeLimit;
        this.jsonMaxDepth = b.jsonMaxDepth;
        this.jsonMaxKeys = b.jsonMaxKeys;
        this.formLimit = b.formLimit;
        this.formParameterLimit = b.formParameterLimit;
        this.formExtended = b.formExtended;
        this.maxFileSize = b.maxFileSize;
        this.maxTotalSize = b.maxTotalSize;
        this.maxFiles = b.maxFiles;
        this.allowedMimeTypes = List.copyOf(b.allowedMimeTypes);
        this.rawLimit = b.rawLimit;
        this.uploadDirectory = b.uploadDirectory;
    }

    /** Every parser on, with the default limits. */
    public static BodyParserPlugin defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "body";
    }

    private enum Kind { JSON, FORM, MULTIPART, TEXT, BYTES }

    private Kind kind(MediaType type) {
        if (type == null) {
            return raw ? Kind.BYTES : null;
        }
        if (type.isJson()) {
            return json ? Kind.JSON : null;
        }
        if (type.is("application/x-www-form-urlencoded")) {
            return form ? Kind.FORM : null;
        }
        if (type.is("multipart/form-data")) {
            return multipart ? Kind.MULTIPART : null;
        }
        if (!raw) {
            return null;
        }
        return type.type().equals("text") ? Kind.TEXT : Kind.BYTES;
    }

    @Override
    public long bodyLimit(Request req) {
        Kind kind = kind(MediaType.parse(req.contentType()));
        if (kind == null) {
            return -1;
        }
        return switch (kind) {
            case JSON -> jsonSizeLimit;
            case FORM -> formLimit;
            case MULTIPART -> maxTotalSize;
            case TEXT, BYTES -> rawLimit;
        };
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        req.attribute(FILES, List.of());
        if (hasBody(req)) {
            parse(req);
        }
        next.run();
    }

    private static boolean hasBody(Request req) {
        String encoding = req.header("Transfer-Encoding");
        return req.contentLength() > 0 || req.contentLength() < 0 && encoding != null
                && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private void parse(Request req) {
        MediaType type = MediaType.parse(req.contentType());
        Kind kind = kind(type);
        if (kind == null) {
            return;
        }
        switch (kind) {
            case JSON -> req.setParsedBody(JsonTree.parse(text(req), jsonMaxDepth, jsonMaxKeys));
            case FORM -> {
                var pairs = FormBody.plain(new String(req.bodyBytes(), StandardCharsets.ISO_8859_1), formParameterLimit);
                req.setParsedBody(formExtended ? FormBody.extended(pairs) : pairs);
            }
            case MULTIPART -> {
                if (type.parameter("boundary") == null) {
                    throw new HttpException(400, "INVALID_MULTIPART", "The multipart body has no boundary");
                }
                MultipartBody body = MultipartBody.parse(this, req, type);
                req.attribute(FILES, body.files());
                req.setParsedBody(formExtended ? FormBody.extended(body.fields()) : body.fields());
            }
            case TEXT -> req.setParsedBody(text(req));
            case BYTES -> req.setParsedBody(req.bodyBytes());
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private static String text(Request req) {
        return new String(req.bodyBytes(), BodyReader.charset(req.contentType()));
    }

    boolean allows(MediaType type) {
        if (allowedMimeTypes.isEmpty()) {
            return true;
        }
        if (type == null) {
            return false;
        }
        for (String allowed : allowedMimeTypes) {
            if (allowed.endsWith("/*") ? type.type().equals(allowed.substring(0, allowed.length() - 2))
                    : type.is(allowed)) {
                return true;
            }
        }
        return false;
    }

    long maxFileSize() {
        return maxFileSize;
    }

    long maxTotalSize() {
        return maxTotalSize;
    }

    int maxFiles() {
        return maxFiles;
    }

    long formLimit() {
        return formLimit;
    }

    int formParameterLimit() {
        return formParameterLimit;
    }

    Path uploadDirectory() {
        return uploadDirectory;
    }

    /** Builds a {@link BodyParserPlugin}; sizes are in bytes. */
    public static final class Builder {
        private boolean json = true;
        private boolean form = true;
        private boolean multipart = true;
        private boolean raw = true;
        private long jsonSizeLimit = 100 * 1024;
        private int jsonMaxDepth = 32;
        private int jsonMaxKeys = 10_000;
        private long formLimit = 1024 * 1024;
        private int formParameterLimit = 1000;
        private boolean formExtended;
        private long maxFileSize = 1024 * 1024;
        private long maxTotalSize = 10 * 1024 * 1024;
        private int maxFiles = 10;
        private final List<String> allowedMimeTypes = new ArrayList<>();
        private long rawLimit = 1024 * 1024;
        private Path uploadDirectory;

        private Builder() {
        }

        /** Parse JSON bodies (on). */
        public Builder json(boolean on) {
            this.json = on;
            return this;
        }

        /** Parse url-encoded forms (on). */
        public Builder form(boolean on) {
            this.form = on;
            return this;
        }

        /** Parse multipart forms and uploads (on). */
        public Builder multipart(boolean on) {
            this.multipart = on;
            return this;
        }

        /** Text types as a string, others as bytes (on). */
        public Builder raw(boolean on) {
            this.raw = on;
            return this;
        }

        public Builder jsonSizeLimit(long bytes) {
            this.jsonSizeLimit = bytes;
            return this;
        }

        public Builder jsonMaxDepth(int depth) {
            this.jsonMaxDepth = depth;
            return this;
        }

        public Builder jsonMaxKeys(int keys) {
            this.jsonMaxKeys = keys;
            return this;
        }

        public Builder formLimit(long bytes) {
            this.formLimit = bytes;
            return this;
        }

        public Builder formParameterLimit(int parameters) {
            this.formParameterLimit = parameters;
            return this;
        }

        /** Nested maps and lists from bracketed keys (off). */
        public Builder formExtended(boolean extended) {
            this.formExtended = extended;
            return this;
        }

        public Builder maxFileSize(long bytes) {
            this.maxFileSize = bytes;
            return this;
        }

        public Builder maxTotalSize(long bytes) {
            this.maxTotalSize = bytes;
            return this;
        }

        public Builder maxFiles(int files) {
            this.maxFiles = files;
            return this;
        }

        /** Accepted upload types ({@code image/png}, or {@code image/*}); none given accepts any. */
        public Builder allowedMimeTypes(String... types) {
            this.allowedMimeTypes.clear();
            for (String type : types) {
                this.allowedMimeTypes.add(type.toLowerCase(Locale.ROOT).trim());
            }
            return this;
        }

        public Builder rawLimit(long bytes) {
            this.rawLimit = bytes;
            return this;
        }

        /** Where uploads are stored until the request ends; {@code java.io.tmpdir} by default. */
        public Builder uploadDirectory(Path directory) {
            this.uploadDirectory = directory;
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public BodyParserPlugin build() {
            positive("jsonSizeLimit", jsonSizeLimit);
            positive("jsonMaxDepth", jsonMaxDepth);
            positive("jsonMaxKeys", jsonMaxKeys);
            positive("formLimit", formLimit);
            positive("formParameterLimit", formParameterLimit);
            positive("maxFileSize", maxFileSize);
            positive("maxTotalSize", maxTotalSize);
            positive("maxFiles", maxFiles);
            positive("rawLimit", rawLimit);
            if (maxFileSize > maxTotalSize) {
                throw new IllegalArgumentException("maxFileSize (" + maxFileSize + ") is larger than maxTotalSize ("
                        + maxTotalSize + "); raise maxTotalSize or lower maxFileSize");
            }
            for (String type : allowedMimeTypes) {
                if (MediaType.parse(type) == null) {
                    throw new IllegalArgumentException("allowedMimeTypes: '" + type + "' is not a media type such as"
                            + " image/png or image/*");
                }
            }
            return new BodyParserPlugin(this);
        }

        private static void positive(String option, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(option + " must be positive, not " + value);
            }
        }
    }
}
