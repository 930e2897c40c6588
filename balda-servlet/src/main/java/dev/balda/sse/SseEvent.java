package dev.balda.sse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One server-sent event, framed as the HTML standard's {@code text/event-stream} format: optional
 * {@code id:}, {@code event:} and {@code retry:} fields, then one {@code data:} line per line of
 * data, then a blank line. Ids and event names may not contain line breaks (refused when built);
 * data may, and is split so every line keeps its {@code data:} prefix.
 */
public final class SseEvent {
    private final String id;
    private final String event;
    private final String data;
    private final Duration retry;

    private SseEvent(Builder b) {
        this.id = b.id;
        this.event = b.event;
        this.data = b.data;
        this.retry = b.retry;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An unnamed event carrying data. */
    public static SseEvent of(String data) {
        return builder().data(data).build();
    }

    public String id() {
        return id;
    }

    public String event() {
        return event;
    }

    public String data() {
        return data;
    }

    public Duration retry() {
        return retry;
    }

    /** The event's wire form, ending in the blank line that dispatches it. */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(32 + (data == null ? 0 : data.length()));
        if (id != null) {
            sb.append("id: ").append(id).append('\n');
        }
        if (event != null) {
            sb.append("event: ").append(event).append('\n');
        }
        if (retry != null) {
            sb.append("retry: ").append(retry.toMillis()).append('\n');
        }
        if (data != null) {
            int start = 0;
            for (int i = 0; i <= data.length(); i++) {
                if (i == data.length() || data.charAt(i) == '\n' || data.charAt(i) == '\r') {
                    sb.append("data: ").append(data, start, i).append('\n');
                    if (i < data.length() && data.charAt(i) == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                        i++;
                    }
                    start = i + 1;
                }
            }
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Builds an {@link SseEvent}. */
    public static final class Builder {
        private String id;
        private String event;
        private String data;
        private Duration retry;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = singleLine("id", id);
            return this;
        }

        public Builder event(String event) {
            this.event = singleLine("event", event);
            return this;
        }

        public Builder data(String data) {
            this.data = data;
            return this;
        }

        /** The reconnection delay the client should use. */
        public Builder retry(Duration retry) {
            if (retry != null && retry.isNegative()) {
                throw new IllegalArgumentException("SSE retry must not be negative");
            }
            this.retry = retry;
            return this;
        }

        public SseEvent build() {
            if (id == null && event == null && data == null && retry == null) {
                throw new IllegalStateException("An SSE event needs at least one of id, event, data or retry");
            }
            return new SseEvent(this);
        }

        private static String singleLine(String what, String value) {
            if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0)) {
                throw new IllegalArgumentException("SSE " + what + " must not contain CR, LF or NUL");
            }
            return value;
        }
    }
}
