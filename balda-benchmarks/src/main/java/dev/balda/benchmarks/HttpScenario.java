package dev.balda.benchmarks;

import dev.balda.benchmarks.load.RawRequest;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP scenario: the request the load generator repeats, and the answer both servers must give
 * (checked byte for byte between them, and against what is expected here, before measuring). A
 * scenario whose baseline is a container's own servlet rather than a hand-written one (static
 * files: the default servlet) cannot send the same validators; its check compares the status
 * line, {@code Content-Type}, {@code Content-Length} and the body, and lists the headers that differ.
 *
 * @param id          the name used in {@code --scenarios} and in the table
 * @param title       what the table shows
 * @param method      {@code GET} or {@code POST}
 * @param target      path (with context path) and query
 * @param body        the request body, or {@code null}
 * @param contentType the request's content type when there is a body
 * @param answerType  the {@code Content-Type} of the expected answer
 * @param answer      the expected body of the answer
 * @param sameHeaders whether both servers must send the very same headers
 */
public record HttpScenario(String id, String title, String method, String target, String body, String contentType,
                           String answerType, String answer, boolean sameHeaders) {

    /** A scenario whose two servers send the very same bytes. */
    public HttpScenario(String id, String title, String method, String target, String body, String contentType,
                        String answerType, String answer) {
        this(id, title, method, target, body, contentType, answerType, answer, true);
    }

    byte[] bodyBytes() {
        return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    }

    /** The request as the check sends it, on a connection of its own (the generators send the same). */
    byte[] request(String host) {
        return RawRequest.of(method, target, host, bodyBytes(), contentType, true);
    }
}
