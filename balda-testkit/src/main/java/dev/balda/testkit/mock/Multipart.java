package dev.balda.testkit.mock;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/form-data} body (RFC 7578) of plain fields and files, as a browser sends a
 * form with file inputs: each part has a {@code Content-Disposition: form-data; name="..."}
 * header (plus {@code filename} and {@code Content-Type} for files), parts are separated by a
 * boundary that occurs nowhere in the content, and the body ends with the closing delimiter.
 * Field values are UTF-8; quotes and line breaks in names and file names are percent-escaped as
 * browsers do.
 *
 * <pre>{@code
 * Multipart body = Multipart.builder()
 *         .field("title", "Quarterly report")
 *         .file("doc", "report.csv", "text/csv", "a,b\n1,2\n")
 *         .build();
 * server.post("/upload").multipart(body).send().assertStatus(201);
 * }</pre>
 */
public final class Multipart {
    private static final byte[] CRLF = {'\r', '\n'};

    private final String boundary;
    private final byte[] bytes;

    private Multipart(String boundary, byte[] bytes) {
        this.boundary = boundary;
        this.bytes = bytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The boundary between the parts. */
    public String boundary() {
        return boundary;
    }

    /** {@code multipart/form-data; boundary=...}, the value for the {@code Content-Type} header. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The encoded body. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Collects the parts of a {@link Multipart} body in order. */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();
        private String boundary;

        private Builder() {
        }

        /** A plain form field. */
        public Builder field(String name, String value) {
            parts.add(new Part(Objects.requireNonNull(name, "name"), null, null,
                    Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        /** A file part; {@code contentType} {@code null} leaves the part's {@code Content-Type} out. */
        public Builder file(String name, String filename, String contentType, byte[] content) {
            parts.add(new Part(Objects.requireNonNull(name, "name"), Objects.requireNonNull(filename, "filename"),
                    contentType, Objects.requireNonNull(content, "content").clone()));
            return this;
        }

        /** A file part with text content, encoded as UTF-8. */
        public Builder file(String name, String filename, String contentType, String content) {
            return file(name, filename, contentType, Objects.requireNonNull(content, "content")
                    .getBytes(StandardCharsets.UTF_8));
        }

        /**
         * A fixed boundary instead of a random one (1-70 characters of letters, digits and
         * {@code '()+_,-./:=?}, not ending in a space).
         */
        public Builder boundary(String boundary) {
            if (boundary == null || boundary.isEmpty() || boundary.length() > 70
                    || !boundary.matches("[0-9A-Za-z'()+_,\\-./:=?]+")) {
                throw new IllegalArgumentException("Not a valid multipart boundary: '" + boundary + "'");
            }
            this.boundary = boundary;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a fixed boundary occurs in a part's content
         */
        public Multipart build() {
            String chosen = boundary;
            if (chosen == null) {
                do {
                    chosen = "BaldaMockBoundary" + Long.toHexString(ThreadLocalRandom.current().nextLong());
                } while (occursInContent(chosen));
            } else if (occursInContent(chosen)) {
                throw new IllegalArgumentException("The boundary '" + chosen + "' occurs in a part's content");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] delimiter = ("--" + chosen).getBytes(StandardCharsets.US_ASCII);
            for (Part part : parts) {
                out.writeBytes(delimiter);
                out.writeBytes(CRLF);
                StringBuilder head = new StringBuilder("Content-Disposition: form-data; name=\"")
                        .append(escape(part.name)).append('"');
                if (part.filename != null) {
                    head.append("; filename=\"").append(escape(part.filename)).append('"');
                }
                head.append("\r\n");
                if (part.contentType != null) {
                    head.append("Content-Type: ").append(part.contentType).append("\r\n");
                }
                head.append("\r\n");
                out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
                out.writeBytes(part.content);
                out.writeBytes(CRLF);
            }
            out.writeBytes(delimiter);
            out.writeBytes(new byte[] {'-', '-', '\r', '\n'});
            return new Multipart(chosen, out.toByteArray());
        }

        private boolean occursInContent(String candidate) {
            byte[] needle = ("--" + candidate).getBytes(StandardCharsets.US_ASCII);
            for (Part part : parts) {
                if (indexOf(part.content, needle) >= 0) {
                    return true;
                }
            }
            return false;
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /** As browsers do (WHATWG HTML, multipart/form-data encoding): {@code "}, CR and LF percent-escaped. */
        private static String escape(String s) {
            return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
        }
    }

    private record Part(String name, String filename, String contentType, byte[] content) {
    }
}
