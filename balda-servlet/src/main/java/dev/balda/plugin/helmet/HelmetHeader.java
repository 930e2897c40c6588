package dev.balda.plugin.helmet;

import java.util.Set;

/**
 * The twelve security headers the {@link HelmetPlugin} sets, with Balda.js's defaults. Each can be
 * given another value or turned off; values of headers with a fixed vocabulary are checked when
 * the plugin is built.
 */
public enum HelmetHeader {
    X_DNS_PREFETCH_CONTROL("X-DNS-Prefetch-Control", "off", Set.of("on", "off")),
    X_FRAME_OPTIONS("X-Frame-Options", "SAMEORIGIN", Set.of("DENY", "SAMEORIGIN")),
    STRICT_TRANSPORT_SECURITY("Strict-Transport-Security", "max-age=15552000; includeSubDomains", null),
    X_CONTENT_TYPE_OPTIONS("X-Content-Type-Options", "nosniff", Set.of("nosniff")),
    X_DOWNLOAD_OPTIONS("X-Download-Options", "noopen", Set.of("noopen")),
    REFERRER_POLICY("Referrer-Policy", "no-referrer", Set.of("no-referrer", "no-referrer-when-downgrade", "origin",
            "origin-when-cross-origin", "same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url")),
    CROSS_ORIGIN_RESOURCE_POLICY("Cross-Origin-Resource-Policy", "same-origin",
            Set.of("same-origin", "same-site", "cross-origin")),
    CROSS_ORIGIN_OPENER_POLICY("Cross-Origin-Opener-Policy", "same-origin",
            Set.of("same-origin", "same-origin-allow-popups", "unsafe-none")),
    CROSS_ORIGIN_EMBEDDER_POLICY("Cross-Origin-Embedder-Policy", "require-corp",
            Set.of("require-corp", "credentialless", "unsafe-none")),
    CONTENT_SECURITY_POLICY("Content-Security-Policy", "default-src 'self'", null),
    PERMISSIONS_POLICY("Permissions-Policy", "camera=(), microphone=(), geolocation=()", null),
    ORIGIN_AGENT_CLUSTER("Origin-Agent-Cluster", "?1", Set.of("?0", "?1"));

    private final String headerName;
    private final String defaultValue;
    /** The only values the header takes (Referrer-Policy: a comma-separated list of them), or null. */
    private final Set<String> vocabulary;

    HelmetHeader(String headerName, String defaultValue, Set<String> vocabulary) {
        this.headerName = headerName;
        this.defaultValue = defaultValue;
        this.vocabulary = vocabulary;
    }

    /** The header's name on the wire. */
    public String headerName() {
        return headerName;
    }

    /** Balda.js's value. */
    public String defaultValue() {
        return defaultValue;
    }

    /** Why a value is wrong for this header, or {@code null} when it is fine. */
    String problem(String value) {
        if (value.isBlank()) {
            return "is blank; turn the header off instead";
        }
        if (this == STRICT_TRANSPORT_SECURITY && !value.trim().toLowerCase(java.util.Locale.ROOT).matches(
                "max-age=\\d+(\\s*;\\s*(includesubdomains|preload))*")) {
            return "must be max-age=<seconds>, optionally with '; includeSubDomains' and '; preload'";
        }
        if (vocabulary == null) {
            return null;
        }
        String[] parts = this == REFERRER_POLICY ? value.split(",") : new String[] {value};
        for (String part : parts) {
            String token = part.trim();
            boolean known = this == X_FRAME_OPTIONS ? vocabulary.contains(token.toUpperCase(java.util.Locale.ROOT))
                    : vocabulary.contains(token);
            if (!known) {
                return "must be one of " + new java.util.TreeSet<>(vocabulary) + ", not '" + token + "'";
            }
        }
        return null;
    }
}
