package dev.balda.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code text/event-stream} framing of one event. */
class SseEventTest {

    private static String wire(SseEvent event) {
        return new String(event.toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void dataOnly() {
        assertThat(wire(SseEvent.of("hello"))).isEqualTo("data: hello\n\n");
    }

    @Test
    void allFieldsInOrder() {
        SseEvent event = SseEvent.builder()
                .data("{\"price\":42}")
                .retry(Duration.ofSeconds(3))
                .event("quote")
                .id("7")
                .build();

        assertThat(wire(event)).isEqualTo("id: 7\nevent: quote\nretry: 3000\ndata: {\"price\":42}\n\n");
        assertThat(event.id()).isEqualTo("7");
        assertThat(event.event()).isEqualTo("quote");
        assertThat(event.retry()).isEqualTo(Duration.ofSeconds(3));
        assertThat(event.data()).isEqualTo("{\"price\":42}");
    }

    @Test
    void multiLineDataBecomesSeveralDataLines() {
        assertThat(wire(SseEvent.of("one\ntwo\r\nthree\rfour")))
                .isEqualTo("data: one\ndata: two\ndata: three\ndata: four\n\n");
    }

    @Test
    void emptyAndTrailingLinesAreKept() {
        assertThat(wire(SseEvent.of(""))).isEqualTo("data: \n\n");
        assertThat(wire(SseEvent.of("a\n"))).isEqualTo("data: a\ndata: \n\n");
        assertThat(wire(SseEvent.of("a\n\nb"))).isEqualTo("data: a\ndata: \ndata: b\n\n");
    }

    @Test
    void anEventWithoutDataIsStillDispatchable() {
        assertThat(wire(SseEvent.builder().retry(Duration.ofMillis(1500)).build())).isEqualTo("retry: 1500\n\n");
        assertThat(wire(SseEvent.builder().id("last").build())).isEqualTo("id: last\n\n");
    }

    @Test
    void utf8Data() {
        assertThat(SseEvent.of("é").toBytes()).containsExactly('d', 'a', 't', 'a', ':', ' ', 0xC3, 0xA9, '\n', '\n');
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\u0000b"})
    void idAndEventNameMustBeSingleLines(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> SseEvent.builder().id(value))
                .withMessage("SSE id must not contain CR, LF or NUL");
        assertThatIllegalArgumentException().isThrownBy(() -> SseEvent.builder().event(value))
                .withMessage("SSE event must not contain CR, LF or NUL");
    }

    @Test
    void anEmptyEventIsRefused() {
        assertThatIllegalStateException().isThrownBy(() -> SseEvent.builder().build())
                .withMessage("An SSE event needs at least one of id, event, data or retry");
    }

    @Test
    void aNegativeRetryIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SseEvent.builder().retry(Duration.ofMillis(-1)))
                .withMessage("SSE retry must not be negative");
    }
}
