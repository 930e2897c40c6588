package dev.balda.testkit.http;

import dev.balda.http.Headers;
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
    private final Headers headers;
    private final byte[] body;
    private final boolean complete;

    RawHttpResponse(String statusLine, int status, Headers headers, byte[] body, boolean complete) {
        this.statusLine = statusLine;
        this.status = status;
        this.headers = headers;
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
        return headers.first(name);
    }

    /** Every value of a header, in order. */
    public List<String> headers(String name) {
        return headers.all(name);
    }

    /** All header lines in order. */
    public List<Map.Entry<String, String>> headerList() {
        List<Map.Entry<String, String>> list = new ArrayList<>(headers.size());
        headers.forEach((name, value) -> list.add(Map.entry(name, value)));
        return Collections.unmodifiableList(list);
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
        sb.append(headers).append('\n').append(bodyText());
        if (!complete) {
            sb.append("\n[incomplete body]");
        }
        return sb.toString();
    }
}
