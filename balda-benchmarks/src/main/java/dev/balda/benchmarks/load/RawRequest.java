package dev.balda.benchmarks.load;

import java.nio.charset.StandardCharsets;

/** The bytes of one HTTP/1.1 request, as the generator and the harness's check send it. */
public final class RawRequest {
    private RawRequest() {
    }

    /**
     * @param body        the body, or {@code null} for none
     * @param contentType the body's content type (ignored without a body)
     * @param close       whether to ask the server to close the connection after answering
     */
    public static byte[] of(String method, String target, String host, byte[] body, String contentType,
                            boolean close) {
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }
}
