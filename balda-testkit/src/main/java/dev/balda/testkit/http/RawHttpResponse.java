package dev.balda.testkit.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A response read off a raw socket by {@link RawHttp}: status line, headers in order, the body as
 * framed by {@code Content-Length} or chunked encoding (or up to the close), and whether the body
 * ended the way its framing promised. An aborted response, cut before its last chunk or short of
 * its length, has {@link #complete()} {@code false}.
 */
public final class RawHttpResponse {
    private final String statusLine;
    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final boolean complete;

    RawHttpResponse(String statusLine, int status, List<Map.Entry<String, String>> headers, byte[] body,
                    boolean complete) {
        this.statusLine = statusLine;
        this.status = status;
        this.headers = Collections.unmodifiableList(headers);
        this.body = body;
        this.complete = complete;
    }

    /** The status line as sent, e.g. {@code HTTP/1.1 404 Not Found}. */
    public String statusLine() {
        return statusLine;
    }

    public int status() {
        return status;
    }

    /** The first value of a header, case-insensitive, or {@code null}. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    /** Every value of a header, in order. */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                values.add(h.getValue());
            }
        }
        return values;
    }

    /** All header lines in order. */
    public List<Map.Entry<String, String>> headerList() {
        return headers;
    }

    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the body ended as its framing said it would. */
    public boolean complete() {
        return complete;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(statusLine).append('\n');
        headers.forEach(h -> sb.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
        sb.append('\n').append(bodyText());
        if (!complete) {
            sb.append("\n[incomplete body]");
        }
        return sb.toString();
    }
}
