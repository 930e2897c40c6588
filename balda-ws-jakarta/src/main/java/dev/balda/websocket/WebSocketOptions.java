package dev.balda.websocket;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of one WebSocket route, immutable, with Bun's defaults; built with {@link #builder()}
 * and checked by {@link Builder#build()}, which names the option at fault.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>effect</th></tr>
 *   <tr><td>{@code maxPayloadLength}</td><td>16 MiB</td><td>a larger incoming message closes the socket with 1009</td></tr>
 *   <tr><td>{@code idleTimeout}</td><td>120 s</td><td>no message or pong from the client for that long closes the socket (1001); {@code Duration.ZERO} disables</td></tr>
 *   <tr><td>{@code sendPings}</td><td>true</td><td>the server pings a quiet client before the idle timeout, so live clients (which answer with pongs) stay open</td></tr>
 *   <tr><td>{@code backpressureLimit}</td><td>16 MiB</td><td>bytes queued per socket above which {@code send} drops (returns 0)</td></tr>
 *   <tr><td>{@code closeOnBackpressureLimit}</td><td>false</td><td>close the socket (1008) instead of dropping</td></tr>
 *   <tr><td>{@code publishToSelf}</td><td>false</td><td>whether {@code ws.publish} also reaches the sender</td></tr>
 *   <tr><td>{@code perMessageDeflate}</td><td>false</td><td>negotiate permessage-deflate when the container supports it (memory cost per connection)</td></tr>
 *   <tr><td>{@code allowedOrigins}</td><td>none: any origin</td><td>an allow-list of origins ({@code https://app.example.com}); another {@code Origin} is refused with 403 before the upgrade</td></tr>
 *   <tr><td>{@code subprotocols}</td><td>none</td><td>offered subprotocols; the first in the client's list that is offered here wins</td></tr>
 * </table>
 */
public final class WebSocketOptions {
    private static final long MIB = 1024L * 1024L;
    private static final WebSocketOptions DEFAULTS = builder().build();

    private final long maxPayloadLength;
    private final Duration idleTimeout;
    private final boolean sendPings;
    private final long backpressureLimit;
    private final boolean closeOnBackpressureLimit;
    private final boolean publishToSelf;
    private final boolean perMessageDeflate;
    private final List<String> allowedOrigins;
    private final List<String> subprotocols;

    private WebSocketOptions(Builder b) {
        this.maxPayloadLength = b.maxPayloadLength;
        this.idleTimeout = b.idleTimeout;
        this.sendPings = b.sendPings;
        this.backpressureLimit = b.backpressureLimit;
        this.closeOnBackpressureLimit = b.closeOnBackpressureLimit;
        this.publishToSelf = b.publishToSelf;
        this.perMessageDeflate = b.perMessageDeflate;
        this.allowedOrigins = List.copyOf(b.allowedOrigins);
        this.subprotocols = List.copyOf(b.subprotocols);
    }

    public static WebSocketOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public long maxPayloadLength() {
        return maxPayloadLength;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public boolean sendPings() {
        return sendPings;
    }

    public long backpressureLimit() {
        return backpressureLimit;
    }

    public boolean closeOnBackpressureLimit() {
        return closeOnBackpressureLimit;
    }

    public boolean publishToSelf() {
        return publishToSelf;
    }

    public boolean perMessageDeflate() {
        return perMessageDeflate;
    }

    /**
     * Normalised origins ({@code scheme://host[:port]}, lower case, a default port left out as
     * browsers do); empty means any origin.
     */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    public List<String> subprotocols() {
        return subprotocols;
    }

    /** Whether an {@code Origin} header value may connect. A request without one is allowed. */
    boolean originAllowed(String origin) {
        if (allowedOrigins.isEmpty() || origin == null) {
            return true;
        }
        String normalized = Builder.normalizeOrigin(origin);
        return normalized != null && allowedOrigins.contains(normalized);
    }

    /** Builds {@link WebSocketOptions}. */
    public static final class Builder {
        private long maxPayloadLength = 16 * MIB;
        private Duration idleTimeout = Duration.ofSeconds(120);
        private boolean sendPings = true;
        private long backpressureLimit = 16 * MIB;
        private boolean closeOnBackpressureLimit;
        private boolean publishToSelf;
        private boolean perMessageDeflate;
        private final List<String> allowedOrigins = new ArrayList<>();
        private final List<String> subprotocols = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();

        private Builder() {
        }

        /** In bytes; must be positive. */
        public Builder maxPayloadLength(long bytes) {
            this.maxPayloadLength = bytes;
            return this;
        }

        /** {@code Duration.ZERO} disables; otherwise at least one second. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
            return this;
        }

        public Builder sendPings(boolean sendPings) {
            this.sendPings = sendPings;
            return this;
        }

        /** In bytes; must be positive. */
        public Builder backpressureLimit(long bytes) {
            this.backpressureLimit = bytes;
            return this;
        }

        public Builder closeOnBackpressureLimit(boolean close) {
            this.closeOnBackpressureLimit = close;
            return this;
        }

        public Builder publishToSelf(boolean publishToSelf) {
            this.publishToSelf = publishToSelf;
            return this;
        }

        public Builder perMessageDeflate(boolean perMessageDeflate) {
            this.perMessageDeflate = perMessageDeflate;
            return this;
        }

        /**
         * Origins allowed to connect, such as {@code https://app.example.com} or
         * {@code http://localhost:8080}; each must be a bare {@code http(s)} origin.
         */
        public Builder allowedOrigins(String... origins) {
            for (String origin : origins) {
                String normalized = normalizeOrigin(origin);
                if (normalized == null) {
                    problems.add("allowedOrigins: '" + origin + "' is not an origin; write scheme://host[:port]"
                            + " with no path, such as https://app.example.com");
                } else {
                    allowedOrigins.add(normalized);
                }
            }
            return this;
        }

        public Builder allowedOrigins(List<String> origins) {
            return allowedOrigins(origins.toArray(new String[0]));
        }

        /** Subprotocol tokens offered, in the server's preference order among those the client lists. */
        public Builder subprotocols(String... protocols) {
            for (String protocol : protocols) {
                if (protocol == null || !protocol.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    problems.add("subprotocols: '" + protocol + "' is not a token");
                } else {
                    subprotocols.add(protocol);
                }
            }
            return this;
        }

        /** @throws IllegalArgumentException listing every invalid option */
        public WebSocketOptions build() {
            List<String> all = new ArrayList<>(problems);
            if (maxPayloadLength <= 0) {
                all.add("maxPayloadLength must be a positive number of bytes, not " + maxPayloadLength);
            }
            if (maxPayloadLength > Integer.MAX_VALUE - 8) {
                all.add("maxPayloadLength must be below 2 GiB, not " + maxPayloadLength);
            }
            if (backpressureLimit <= 0) {
                all.add("backpressureLimit must be a positive number of bytes, not " + backpressureLimit);
            }
            if (idleTimeout.isNegative() || !idleTimeout.isZero() && idleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
                all.add("idleTimeout must be Duration.ZERO (off) or at least 1 second, not " + idleTimeout);
            }
            if (!all.isEmpty()) {
                throw new IllegalArgumentException("Invalid WebSocket options: " + String.join("; ", all));
            }
            return new WebSocketOptions(this);
        }

        static String normalizeOrigin(String origin) {
            if (origin == null || origin.isBlank()) {
                return null;
            }
            try {
                URI uri = new URI(origin.trim());
                String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
                boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
                if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null || !bare) {
                    return null;
                }
                // Browsers leave a default port out of Origin: compare without it.
                int port = uri.getPort();
                boolean defaultPort = port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
                return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port >= 0 && !defaultPort ? ":" + port : "");
            } catch (URISyntaxException e) {
                return null;
            }
        }
    }
}
