package dev.balda.benchmarks;

import dev.balda.benchmarks.load.RawRequest;
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

    /** The request as the check sends it, on a connection of its own (the generators send the same). */
    byte[] request(String host) {
        return RawRequest.of(method, target, host, bodyBytes(), contentType, true);
    }
}
