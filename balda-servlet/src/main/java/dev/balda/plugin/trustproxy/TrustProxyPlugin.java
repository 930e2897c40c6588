package dev.balda.plugin.trustproxy;

import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.plugin.BeforeRouting;
import dev.balda.plugin.Plugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The trust-proxy plugin: behind reverse proxies, the client's address, scheme and host come from
 * the proxies' headers, but only when the request arrived from a trusted proxy; from anyone else
 * the headers are ignored.
 *
 * <pre>{@code
 * app.use(TrustProxyPlugin.builder().trusted("10.0.0.0/8", "::1").hops(1).build());
 * }</pre>
 *
 * <p>{@code trusted} lists addresses and CIDR ranges, IPv4 and IPv6 (an IPv4-mapped IPv6 peer
 * counts as its IPv4 address). The standard {@code Forwarded} header (RFC 7239) is used when
 * present, else {@code X-Forwarded-For}, {@code -Proto} and {@code -Host}. Walking the list from
 * the right (the nearest proxy's entry), at most {@code hops} entries (1) are stepped back, and the
 * walk stops at the first untrusted address: that is the client. The proto and host the same
 * entry names become {@code req.scheme()} and {@code req.host()}. Global, the plugin acts before
 * routing (so the method-override check and every plugin see the client's values); on a route, in
 * its {@code before} stage.
 */
public final class TrustProxyPlugin implements Plugin, BeforeRouting {
    private static final String APPLIED = TrustProxyPlugin.class.getName();
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private final List<AddressRange> trusted;
    private final int hops;

    private TrustProxyPlugin(Builder b) {
        this.trusted = List.copyOf(b.trusted);
        this.hops = b.hops;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "trust-proxy";
    }

    @Override
    public String routeMethod(Request req) {
        apply(req);
        return null;
    }

    @Override
    public boolean worksOnRoutes() {
        return true;
    }

    @Override
    public CompletionStage<Void> before(Request req, Response res) {
        apply(req);
        return DONE;
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        next.run();
    }

    private boolean trusted(byte[] address) {
        for (AddressRange range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** One proxy hop: the address it saw, and the proto and host it was asked for. */
    private record Hop(String address, String proto, String host) {
    }

    private void apply(Request req) {
        if (req.attribute(APPLIED) != null) {
            return;
        }
        req.attribute(APPLIED, Boolean.TRUE);
        if (!trusted(AddressRange.literal(req.ip()))) {
            return;
        }
        List<Hop> chain = req.header("Forwarded") != null ? forwarded(req) : xForwarded(req);
        Hop client = null;
        for (int i = chain.size() - 1, steps = 0; i >= 0 && steps < hops; i--, steps++) {
            Hop hop = chain.get(i);
            byte[] address = AddressRange.literal(hop.address());
            if (address == null) {
                break; // "unknown", an obfuscated name or garbage: nothing to trust beyond it
            }
            client = new Hop(AddressRange.format(address, hop.address()), hop.proto(), hop.host());
            if (!trusted(address)) {
                break;
            }
        }
        if (client == null) {
            return;
        }
        req.setIp(client.address());
        if (client.proto() != null) {
            String proto = client.proto().toLowerCase(Locale.ROOT);
            if (proto.equals("http") || proto.equals("https")) {
                req.setScheme(proto);
            }
        }
        if (client.host() != null && HOST.matcher(client.host()).matches()) {
            req.setHost(client.host());
        }
    }

    private static List<Hop> xForwarded(Request req) {
        List<String> fors = values(req.headers("X-Forwarded-For"));
        List<String> protos = values(req.headers("X-Forwarded-Proto"));
        List<String> hosts = values(req.headers("X-Forwarded-Host"));
        List<Hop> chain = new ArrayList<>(fors.size());
        for (int i = 0; i < fors.size(); i++) {
            // Aligned from the right: the nearest proxy's proto and host go with its entry.
            int fromRight = fors.size() - 1 - i;
            chain.add(new Hop(fors.get(i), at(protos, fromRight), at(hosts, fromRight)));
        }
        return chain;
    }

    private static String at(List<String> values, int fromRight) {
        if (values.isEmpty()) {
            return null;
        }
        int index = values.size() - 1 - fromRight;
        return values.get(Math.max(0, index));
    }

    private static List<String> values(List<String> headers) {
        List<String> values = new ArrayList<>();
        for (String header : headers) {
            for (String value : header.split(",")) {
                if (!value.isBlank()) {
                    values.add(value.trim());
                }
            }
        }
        return values;
    }

    /** RFC 7239: {@code for=192.0.2.60;proto=https;host=example.com, for="[2001:db8::1]:4711"}. */
    private static List<Hop> forwarded(Request req) {
        List<Hop> chain = new ArrayList<>();
        for (String element : values(req.headers("Forwarded"))) {
            String address = null;
            String proto = null;
            String host = null;
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                switch (name) {
                    case "for" -> address = stripPort(value);
                    case "proto" -> proto = value;
                    case "host" -> host = value;
                    default -> { }
                }
            }
            chain.add(new Hop(address == null ? "unknown" : address, proto, host));
        }
        return chain;
    }

    /** {@code [2001:db8::1]:4711} gives {@code 2001:db8::1}, {@code 192.0.2.60:80} gives {@code 192.0.2.60}. */
    private static String stripPort(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close < 0 ? node : node.substring(1, close);
        }
        int colon = node.indexOf(':');
        return colon >= 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
    }

    /** Builds a {@link TrustProxyPlugin}. */
    public static final class Builder {
        private final List<AddressRange> trusted = new ArrayList<>();
        private int hops = 1;

        private Builder() {
        }

        /** Trusted proxies: IP addresses and CIDR ranges, IPv4 or IPv6. */
        public Builder trusted(String... addressesOrRanges) {
            for (String range : addressesOrRanges) {
                trusted.add(AddressRange.parse(range));
            }
            return this;
        }

        /** How many proxy entries at most are stepped back from the right (1). */
        public Builder hops(int hops) {
            this.hops = hops;
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public TrustProxyPlugin build() {
            if (trusted.isEmpty()) {
                throw new IllegalArgumentException("trusted: name at least one proxy address or range, e.g."
                        + " trusted(\"10.0.0.0/8\"); without one no header would ever be believed");
            }
            if (hops < 1) {
                throw new IllegalArgumentException("hops must be 1 or more, not " + hops);
            }
            return new TrustProxyPlugin(this);
        }
    }
}
