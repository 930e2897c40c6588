package dev.balda.plugin.cors;

import dev.balda.http.Headers;
import dev.balda.http.HttpException;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.plugin.Plugin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Cross-origin resource sharing. Lists which other sites' pages may call this application from
 * a browser: exact origins, patterns (matched against the whole origin) and functions, alone or
 * together, or any origin ({@code *}, never with credentials: refused when built).
 *
 * <ul>
 *   <li>A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered here,
 *       without reaching a route: {@code optionsSuccessStatus} (204) with the allowed methods,
 *       headers and {@code Access-Control-Max-Age}; a refused origin is 403
 *       {@code CORS_ORIGIN_NOT_ALLOWED}, a method not listed 403 {@code CORS_METHOD_NOT_ALLOWED}.
 *       Requested headers are not checked here: the allowed list goes out and the browser holds
 *       the request to it.</li>
 *   <li>An actual request from an allowed origin gets {@code Access-Control-Allow-Origin} (and
 *       credentials and exposed headers); one from a refused origin gets no CORS headers at all
 *       and runs as usual, so the browser keeps the answer from the page.</li>
 *   <li>{@code Origin} is added to {@code Vary} (merged, never overwriting what is there) whenever
 *       the answer depends on it, so a shared cache never hands one site's answer to another.</li>
 *   <li>WebSocket handshakes have no preflight and browsers never hold their answers back, so an
 *       upgrade request from a refused origin is refused here with 403 before the upgrade
 *       ({@code guardUpgrades}, on by default). A page of the application's own origin (the
 *       scheme and {@code Host} the request was sent to) always passes.</li>
 * </ul>
 *
 * <p>Use it in {@code app.use(...)}: a preflight for a path is answered before routing reaches a
 * route's or group's own middleware, so CORS set only on a route would see actual requests but
 * not their preflights.
 *
 * <pre>{@code
 * app.use(CorsPlugin.builder()
 *         .origin("https://app.example.com")
 *         .origin(Pattern.compile("https://[a-z0-9-]+\\.preview\\.example\\.com"))
 *         .credentials(true)
 *         .maxAge(Duration.ofMinutes(10))
 *         .build());
 * }</pre>
 */
public final class CorsPlugin implements Plugin {
    /** Error code of a preflight or upgrade from an origin not allowed. */
    public static final String ORIGIN_NOT_ALLOWED = "CORS_ORIGIN_NOT_ALLOWED";
    /** Error code of a preflight for a method not allowed. */
    public static final String METHOD_NOT_ALLOWED = "CORS_METHOD_NOT_ALLOWED";

    private final Origins origins;
    private final Set<String> methods;
    private final String allowMethods;
    private final String allowHeaders;
    private final String exposeHeaders;
    private final boolean credentials;
    private final String maxAge;
    private final int optionsSuccessStatus;
    private final boolean guardUpgrades;

    private CorsPlugin(Builder b) {
        this.origins = new Origins(b.anyOrigin, b.exact, b.patterns, b.functions);
        this.methods = Set.copyOf(b.methods);
        this.allowMethods = String.join(", ", b.methods);
        this.allowHeaders = b.allowedHeaders.isEmpty() ? null : String.join(", ", b.allowedHeaders);
        this.exposeHeaders = b.exposedHeaders.isEmpty() ? null : String.join(", ", b.exposedHeaders);
        this.credentials = b.credentials;
        this.maxAge = b.maxAge == null ? null : Long.toString(b.maxAge.toSeconds());
        this.optionsSuccessStatus = b.optionsSuccessStatus;
        this.guardUpgrades = b.guardUpgrades;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "cors";
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        String origin = req.header("Origin");
        boolean echo = !origins.any() || credentials;
        if (echo) {
            res.vary("Origin");
        }
        if (origin == null) {
            next.run();
            return;
        }
        boolean allowed = origins.allows(origin);
        if (req.method().equals("OPTIONS") && req.header("Access-Control-Request-Method") != null) {
            preflight(req, res, origin, allowed, echo);
            return;
        }
        if (allowed) {
            allowOrigin(res, origin, echo);
            if (exposeHeaders != null) {
                res.header("Access-Control-Expose-Headers", exposeHeaders);
            }
        } else if (guardUpgrades && isWebSocketUpgrade(req) && !sameOrigin(req, origin)) {
            throw new HttpException(403, ORIGIN_NOT_ALLOWED, "Origin " + origin + " may not open a connection here");
        }
        next.run();
    }

    private void preflight(Request req, Response res, String origin, boolean allowed, boolean echo) {
        if (!allowed) {
            throw new HttpException(403, ORIGIN_NOT_ALLOWED, "Origin " + origin + " may not call this server");
        }
        String method = req.header("Access-Control-Request-Method").trim();
        if (!methods.contains(method.toUpperCase(Locale.ROOT))) {
            throw new HttpException(403, METHOD_NOT_ALLOWED, "Method " + method + " is not allowed from other origins");
        }
        allowOrigin(res, origin, echo);
        res.header("Access-Control-Allow-Methods", allowMethods);
        if (allowHeaders != null) {
            res.header("Access-Control-Allow-Headers", allowHeaders);
        }
        if (maxAge != null) {
            res.header("Access-Control-Max-Age", maxAge);
        }
        res.status(optionsSuccessStatus).send(null);
    }

    private void allowOrigin(Response res, String origin, boolean echo) {
        res.header("Access-Control-Allow-Origin", echo ? origin : "*");
        if (credentials) {
            res.header("Access-Control-Allow-Credentials", "true");
        }
    }

    /** A WebSocket handshake (an {@code h2c} upgrade is an ordinary request that may stay HTTP/1.1). */
    private static boolean isWebSocketUpgrade(Request req) {
        String upgrade = req.header("Upgrade");
        String connection = req.header("Connection");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket") && connection != null
                && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    private static boolean sameOrigin(Request req, String origin) {
        String own = Origins.normalize(req.scheme() + "://" + req.host());
        return own != null && own.equals(Origins.normalize(origin));
    }

    /**
     * Builds a {@link CorsPlugin}. At least one origin is required. Defaults: methods GET, HEAD,
     * PUT, PATCH, POST, DELETE; allowed headers Content-Type, Accept, Authorization; no exposed
     * headers; no credentials; no {@code Access-Control-Max-Age}; preflights answered 204; upgrades
     * guarded.
     */
    public static final class Builder {
        private boolean anyOrigin;
        private final Set<String> exact = new LinkedHashSet<>();
        private final List<Pattern> patterns = new ArrayList<>();
        private final List<Predicate<String>> functions = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"));
        private Set<String> allowedHeaders = new LinkedHashSet<>(List.of("Content-Type", "Accept", "Authorization"));
        private Set<String> exposedHeaders = new LinkedHashSet<>();
        private boolean credentials;
        private Duration maxAge;
        private int optionsSuccessStatus = 204;
        private boolean guardUpgrades = true;

        private Builder() {
        }

        /**
         * Allows these exact origins ({@code https://app.example.com}, compared without case and
         * with default ports filled in), or {@code "*"} alone for any origin.
         */
        public Builder origin(String... origins) {
            for (String origin : origins) {
                Objects.requireNonNull(origin, "origin must not be null");
                if (origin.equals("*")) {
                    anyOrigin = true;
                    continue;
                }
                String normalized = Origins.normalize(origin);
                if (origin.equalsIgnoreCase("null")) {
                    problems.add("origin 'null' is what sandboxed pages and file: URLs send; allowing it allows every one"
                            + " of them. Allow it with a function if you really must");
                } else if (normalized == null) {
                    problems.add("origin '" + origin + "' is not an origin: write scheme://host[:port], without a path"
                            + " or trailing slash (a browser sends https://app.example.com, never https://app.example.com/)");
                } else {
                    exact.add(normalized);
                }
            }
            return this;
        }

        /** Allows every origin one of these patterns matches in full ({@code matches()}, not {@code find()}). */
        public Builder origin(Pattern... patterns) {
            for (Pattern pattern : patterns) {
                this.patterns.add(Objects.requireNonNull(pattern, "origin pattern must not be null"));
            }
            return this;
        }

        /** Allows every origin the function says yes to. It must be quick: it runs on every cross-origin request. */
        public Builder origin(Predicate<String> allows) {
            functions.add(Objects.requireNonNull(allows, "origin function must not be null"));
            return this;
        }

        /** The methods a preflight may ask for (replacing the defaults). */
        public Builder methods(String... methods) {
            this.methods = tokens("methods", methods, true);
            return this;
        }

        /** The request headers a cross-origin request may send (replacing the defaults). */
        public Builder allowedHeaders(String... headers) {
            this.allowedHeaders = tokens("allowedHeaders", headers, false);
            return this;
        }

        /** Response headers, beyond the safelisted ones, that a page may read. */
        public Builder exposedHeaders(String... headers) {
            this.exposedHeaders = tokens("exposedHeaders", headers, false);
            return this;
        }

        /** Whether cross-origin requests may carry cookies and credentials (never with any origin). */
        public Builder credentials(boolean credentials) {
            this.credentials = credentials;
            return this;
        }

        /** How long a browser may keep a preflight's answer ({@code Access-Control-Max-Age}); whole seconds. */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
            return this;
        }

        /** The status of an allowed preflight's answer: 204 by default; 200 for very old browsers. */
        public Builder optionsSuccessStatus(int status) {
            this.optionsSuccessStatus = status;
            return this;
        }

        /** Whether a WebSocket handshake from a refused origin is refused with 403 (default true). */
        public Builder guardUpgrades(boolean guardUpgrades) {
            this.guardUpgrades = guardUpgrades;
            return this;
        }

        private Set<String> tokens(String option, String[] values, boolean upperCase) {
            Set<String> tokens = new LinkedHashSet<>();
            for (String value : values) {
                try {
                    Headers.check(value == null ? "" : value.trim(), "");
                } catch (IllegalArgumentException e) {
                    problems.add(option + " has '" + value + "', which is not a token");
                    continue;
                }
                tokens.add(upperCase ? value.trim().toUpperCase(Locale.ROOT) : value.trim());
            }
            return tokens;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public CorsPlugin build() {
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("CORS: " + problems.get(0));
            }
            if (!anyOrigin && exact.isEmpty() && patterns.isEmpty() && functions.isEmpty()) {
                throw new IllegalArgumentException("CORS: origin is required: name the origins that may call this"
                        + " server (origin(\"https://app.example.com\")), a pattern, a function, or \"*\" for any");
            }
            if (anyOrigin && (!exact.isEmpty() || !patterns.isEmpty() || !functions.isEmpty())) {
                throw new IllegalArgumentException("CORS: origin \"*\" allows every origin; list it alone, or drop it"
                        + " and list the origins");
            }
            if (credentials && anyOrigin) {
                throw new IllegalArgumentException("CORS: origin \"*\" with credentials(true) would let every site"
                        + " call this server with its users' cookies; browsers refuse it too. List the origins instead");
            }
            if (credentials && (allowedHeaders.contains("*") || exposedHeaders.contains("*") || methods.contains("*"))) {
                throw new IllegalArgumentException("CORS: \"*\" in methods, allowedHeaders or exposedHeaders is taken"
                        + " literally by browsers when credentials(true) is set; list the names instead");
            }
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("CORS: methods must list at least one method");
            }
            if (maxAge != null && maxAge.isNegative()) {
                throw new IllegalArgumentException("CORS: maxAge must not be negative, not " + maxAge);
            }
            if (optionsSuccessStatus < 200 || optionsSuccessStatus > 299) {
                throw new IllegalArgumentException("CORS: optionsSuccessStatus must be a 2xx status, not "
                        + optionsSuccessStatus);
            }
            return new CorsPlugin(this);
        }
    }
}
