package dev.balda.plugin.cors;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which origins the CORS plugin allows: exact origins, patterns and functions in one list, any of
 * which may allow an origin; or any origin at all ({@code *}).
 */
final class Origins {
    private final boolean any;
    private final Set<String> exact;
    private final List<Pattern> patterns;
    private final List<Predicate<String>> functions;

    Origins(boolean any, Set<String> exact, List<Pattern> patterns, List<Predicate<String>> functions) {
        this.any = any;
        this.exact = Set.copyOf(exact);
        this.patterns = List.copyOf(patterns);
        this.functions = List.copyOf(functions);
    }

    boolean any() {
        return any;
    }

    /** Whether the {@code Origin} a request sent is allowed. Patterns must match the whole origin. */
    boolean allows(String origin) {
        if (any || exact.contains(origin)) {
            return true;
        }
        if (!exact.isEmpty()) {
            String normalized = normalize(origin);
            if (normalized != null && exact.contains(normalized)) {
                return true;
            }
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(origin).matches()) {
                return true;
            }
        }
        for (Predicate<String> function : functions) {
            if (function.test(origin)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code scheme://host[:port]} in lower case without the scheme's default port, or {@code null}
     * when the text is not an origin (a path, a query, user info, no host).
     */
    static String normalize(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (scheme == null || host == null || !bare) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
