package dev.balda.plugin.helmet;

import dev.balda.http.Headers;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.plugin.Plugin;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Security headers on every response, Balda.js's helmet: the twelve {@link HelmetHeader}s with
 * its defaults ({@code X-Frame-Options: SAMEORIGIN}, {@code Content-Security-Policy: default-src
 * 'self'}, {@code Strict-Transport-Security: max-age=15552000; includeSubDomains}, ...), each
 * changeable or off. They are set before the rest of the chain runs, so errors, 404s and 405s
 * carry them too, and a handler can still replace one for its own response. Listed on a route or
 * group as well as globally, the route's helmet decides for its routes: what it turns off, it
 * removes.
 *
 * <pre>{@code
 * app.use(HelmetPlugin.builder()
 *         .set(HelmetHeader.CONTENT_SECURITY_POLICY, "default-src 'self'; img-src 'self' data:")
 *         .off(HelmetHeader.STRICT_TRANSPORT_SECURITY)
 *         .build());
 * }</pre>
 */
public final class HelmetPlugin implements Plugin {
    private static final HelmetPlugin DEFAULTS = builder().build();

    private final String[] names;
    private final String[] values;
    private final String[] off;

    private HelmetPlugin(Map<HelmetHeader, String> headers) {
        List<String> n = new ArrayList<>();
        List<String> v = new ArrayList<>();
        headers.forEach((header, value) -> {
            n.add(header.headerName());
            v.add(value);
        });
        this.names = n.toArray(new String[0]);
        this.values = v.toArray(new String[0]);
        this.off = java.util.Arrays.stream(HelmetHeader.values()).filter(h -> !headers.containsKey(h))
                .map(HelmetHeader::headerName).toArray(String[]::new);
    }

    /** All twelve headers with Balda.js's defaults. */
    public static HelmetPlugin defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "helmet";
    }

    /** The headers this plugin sets, in order, as {@code name -> value}. */
    public Map<String, String> headers() {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            headers.put(names[i], values[i]);
        }
        return headers;
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        for (int i = 0; i < names.length; i++) {
            res.header(names[i], values[i]);
        }
        // On a route or group, this plugin's choice wins over the global one's: off means off.
        for (String name : off) {
            res.removeHeader(name);
        }
        next.run();
    }

    /** Builds a {@link HelmetPlugin}; starts with every header on at its default. */
    public static final class Builder {
        private final Map<HelmetHeader, String> headers = new EnumMap<>(HelmetHeader.class);

        private Builder() {
            for (HelmetHeader header : HelmetHeader.values()) {
                headers.put(header, header.defaultValue());
            }
        }

        /** Another value for a header (and turns it on if it was off). */
        public Builder set(HelmetHeader header, String value) {
            headers.put(Objects.requireNonNull(header, "header"),
                    Objects.requireNonNull(value, () -> header.headerName() + " must not be null; use off(...) to drop it"));
            return this;
        }

        /** Turns headers off: they are not sent. */
        public Builder off(HelmetHeader... off) {
            for (HelmetHeader header : off) {
                headers.remove(Objects.requireNonNull(header, "header"));
            }
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the header whose value is not one it takes, or
         *     that holds a character no header may carry
         */
        public HelmetPlugin build() {
            headers.forEach((header, value) -> {
                try {
                    Headers.check(header.headerName(), value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("helmet " + header + ": " + e.getMessage(), e);
                }
                String problem = header.problem(value);
                if (problem != null) {
                    throw new IllegalArgumentException("helmet " + header + " (" + header.headerName() + ") " + problem);
                }
            });
            return new HelmetPlugin(headers);
        }
    }
}
