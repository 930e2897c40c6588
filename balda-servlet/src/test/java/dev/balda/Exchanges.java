package dev.balda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.internal.MemoryExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Runs requests through an application with {@link MemoryExchange} and reads the answers. */
public final class Exchanges {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Exchanges() {
    }

    /** Runs the exchange as a transport would: {@code handle}, then {@code handled}. */
    public static MemoryExchange run(Balda app, MemoryExchange exchange) {
        try {
            boolean handled = app.handle(exchange);
            if (!handled) {
                throw new AssertionError("The application left " + exchange.method() + " " + exchange.rawPath()
                        + " to the next filter; use app.handle directly to test pass-through");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exchange.handled();
        return exchange;
    }

    public static MemoryExchange run(Balda app, MemoryExchange.Builder request) {
        return run(app, request.build());
    }

    public static MemoryExchange run(Balda app, String method, String target) {
        return run(app, MemoryExchange.request(method, target));
    }

    public static MemoryExchange get(Balda app, String target) {
        return run(app, "GET", target);
    }

    /** The response body parsed as JSON. */
    public static JsonNode json(MemoryExchange exchange) {
        try {
            return MAPPER.readTree(exchange.responseBodyBytes());
        } catch (IOException e) {
            throw new AssertionError("Response body is not JSON: " + exchange.responseBodyText(), e);
        }
    }

    /** The response body parsed as a JSON object, for comparing with {@code Map.of(...)}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> jsonMap(MemoryExchange exchange) {
        try {
            return MAPPER.readValue(exchange.responseBodyBytes(), Map.class);
        } catch (IOException e) {
            throw new AssertionError("Response body is not a JSON object: " + exchange.responseBodyText(), e);
        }
    }

    /** The standard error body as a map. */
    public static Map<String, Object> error(String code, String message) {
        return Map.of("code", code, "message", message);
    }
}
