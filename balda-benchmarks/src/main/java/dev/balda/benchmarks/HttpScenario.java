package dev.balda.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * One HTTP scenario: the request the load generator repeats, and the answer both servers must give
 * (checked byte for byte between them, and against what is expected here, before measuring).
 *
 * @param id          the name used in {@code --scenarios} and in the table
 * @param title       what the table shows
 * @param method      {@code GET} or {@code POST}
 * @param target      path (with context path) and query
 * @param body        the request body, or {@code null}
 * @param contentType the request's content type when there is a body
 * @param answerType  the {@code Content-Type} of the expected answer
 * @param answer      the expected body of the answer
 */
public record HttpScenario(String id, String title, String method, String target, String body, String contentType,
                           String answerType, String answer) {

    byte[] bodyBytes() {
        return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    }

    /** The request as the check sends it (the generators send the same method, target and body). */
    byte[] request(String host) {
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n");
        byte[] payload = bodyBytes();
        if (payload != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n")
                    .append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (payload == null) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + payload.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(payload, 0, all, headBytes.length, payload.length);
        return all;
    }
}
