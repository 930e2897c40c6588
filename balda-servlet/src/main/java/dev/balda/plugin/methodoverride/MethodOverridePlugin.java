package dev.balda.plugin.methodoverride;

import dev.balda.http.HttpException;
import dev.balda.http.MediaType;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.internal.QueryParser;
import dev.balda.plugin.BeforeRouting;
import dev.balda.plugin.Plugin;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The method-override plugin: a {@code POST} carrying {@code X-HTTP-Method-Override: DELETE} (or,
 * when turned on, a form field {@code _method=DELETE}) is routed as a {@code DELETE}, before
 * routing, so the {@code DELETE} route answers it; {@code req.originalMethod()} still says
 * {@code POST}. For HTML forms, which can only {@code GET} and {@code POST}.
 *
 * <pre>{@code
 * app.use(MethodOverridePlugin.builder().formField("_method").build());
 * }</pre>
 *
 * <p>Only {@code methods} (PUT, PATCH, DELETE) may be asked for; another is 400
 * {@code BAD_REQUEST}. An override from another site (the {@code Origin}, or without it the
 * {@code Referer}, names another host than {@code Host}) is 403 {@code CROSS_SITE_METHOD_OVERRIDE}:
 * a form on a foreign page must not be able to turn into a {@code DELETE}. Global only: it acts
 * before routing.
 */
public final class MethodOverridePlugin implements Plugin, BeforeRouting {
    private final String header;
    private final String formField;
    private final Set<String> methods;

    private MethodOverridePlugin(Builder b) {
        this.header = b.header;
        this.formField = b.formField;
        this.methods = Set.copyOf(b.methods);
    }

    /** The {@code X-HTTP-Method-Override} header only; PUT, PATCH and DELETE. */
    public static MethodOverridePlugin defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "method-override";
    }

    @Override
    public String routeMethod(Request req) {
        if (!req.method().equals("POST")) {
            return null;
        }
        String wanted = header == null ? null : req.header(header);
        if (wanted == null && formField != null) {
            wanted = fromForm(req);
        }
        if (wanted == null || wanted.isBlank()) {
            return null;
        }
        String method = wanted.trim().toUpperCase(Locale.ROOT);
        if (!methods.contains(method)) {
            throw HttpException.badRequest("Cannot override POST with '" + wanted.trim() + "'; allowed: "
                    + String.join(", ", methods.stream().sorted().toList()));
        }
        if (crossSite(req)) {
            throw new HttpException(403, "CROSS_SITE_METHOD_OVERRIDE",
                    "A method override from another site is refused");
        }
        return method;
    }

    private String fromForm(Request req) {
        MediaType type = MediaType.parse(req.contentType());
        if (type == null || !type.is("application/x-www-form-urlencoded") || req.contentLength() == 0) {
            return null;
        }
        Map<String, List<String>> form = QueryParser.parse(new String(req.bodyBytes(), StandardCharsets.ISO_8859_1),
                Integer.MAX_VALUE);
        List<String> values = form.get(formField);
        return values == null ? null : values.get(0);
    }

    /** Whether the Origin (or Referer) names another host than the request's. */
    private static boolean crossSite(Request req) {
        String source = req.header("Origin");
        if (source == null) {
            source = req.header("Referer");
        }
        if (source == null) {
            return false; // not a browser, or one that sends neither: no cross-site form to fear
        }
        try {
            URI uri = URI.create(source.trim());
            String authority = uri.getRawAuthority();
            return authority == null || !authority.equalsIgnoreCase(req.host());
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        next.run();
    }

    /** Builds a {@link MethodOverridePlugin}. */
    public static final class Builder {
        private String header = "X-HTTP-Method-Override";
        private String formField;
        private final Set<String> methods = new LinkedHashSet<>(List.of("PUT", "PATCH", "DELETE"));

        private Builder() {
        }

        /** The header to read ({@code X-HTTP-Method-Override}); {@code null} turns it off. */
        public Builder header(String header) {
            this.header = header;
            return this;
        }

        /** A url-encoded form field to read when the header is absent (off; {@code _method} is usual). */
        public Builder formField(String formField) {
            this.formField = formField;
            return this;
        }

        /** The methods a POST may become (PUT, PATCH, DELETE). */
        public Builder methods(String... methods) {
            this.methods.clear();
            for (String method : methods) {
                this.methods.add(method.trim().toUpperCase(Locale.ROOT));
            }
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public MethodOverridePlugin build() {
            if (header == null && formField == null) {
                throw new IllegalArgumentException("header and formField are both off: give one of them");
            }
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("methods: name at least one method a POST may become");
            }
            for (String method : methods) {
                if (!method.matches("[A-Z]+") || method.equals("POST")) {
                    throw new IllegalArgumentException("methods: '" + method + "' is not a method a POST may become");
                }
            }
            return new MethodOverridePlugin(this);
        }
    }
}
