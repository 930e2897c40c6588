package dev.balda.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * An immutable {@code Set-Cookie} value, built with {@link #builder(String, String)}. The defaults
 * are the safe ones Balda uses everywhere: {@code Path=/; HttpOnly; SameSite=Lax; Secure}. Names
 * must be RFC 6265 tokens and values cookie-octets (no spaces, quotes, commas, semicolons,
 * backslashes or control characters); anything else is refused when the cookie is built, so a
 * cookie can never smuggle another header or attribute.
 */
public final class Cookie {
    private final String name;
    private final String value;
    private final String domain;
    private final String path;
    private final Instant expires;
    private final Duration maxAge;
    private final boolean secure;
    private final boolean httpOnly;
    private final SameSite sameSite;
    private final String priority;
    private final boolean signed;

    private Cookie(Builder b) {
        this.signed = b.signed;
        this.name = b.name;
        this.value = b.value;
        this.domain = b.domain;
        this.path = b.path;
        this.expires = b.expires;
        this.maxAge = b.maxAge;
        this.secure = b.secure;
        this.httpOnly = b.httpOnly;
        this.sameSite = b.sameSite;
        this.priority = b.priority;
    }

    /** Starts a cookie with the safe defaults. */
    public static Builder builder(String name, String value) {
        return new Builder(name, value);
    }

    /** A cookie with the default attributes. */
    public static Cookie of(String name, String value) {
        return builder(name, value).build();
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /**
     * Whether the cookie is to be signed when set ({@link Builder#signed}): the cookie plugin, given
     * secrets, appends an HMAC-SHA256 signature that {@code req.signedCookie(name)} checks.
     */
    public boolean signed() {
        return signed;
    }

    /** A builder holding this cookie's attributes with another value (the value is checked again). */
    public Builder withValue(String value) {
        Builder b = new Builder(name, value);
        b.domain = domain;
        b.path = path;
        b.expires = expires;
        b.maxAge = maxAge;
        b.secure = secure;
        b.httpOnly = httpOnly;
        b.sameSite = sameSite;
        b.priority = priority;
        b.signed = signed;
        return b;
    }

    /** The header value for {@code Set-Cookie}. */
    public String toSetCookie() {
        StringBuilder sb = new StringBuilder(64).append(name).append('=').append(value);
        if (domain != null) {
            sb.append("; Domain=").append(domain);
        }
        if (path != null) {
            sb.append("; Path=").append(path);
        }
        if (expires != null) {
            sb.append("; Expires=").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(expires.atZone(ZoneOffset.UTC)));
        }
        if (maxAge != null) {
            sb.append("; Max-Age=").append(maxAge.getSeconds());
        }
        if (secure) {
            sb.append("; Secure");
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        if (sameSite != null) {
            sb.append("; SameSite=").append(sameSite.attribute());
        }
        if (priority != null) {
            sb.append("; Priority=").append(priority);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toSetCookie();
    }

    /** Builds a {@link Cookie}; every setter validates its input at once. */
    public static final class Builder {
        private final String name;
        private final String value;
        private String domain;
        private String path = "/";
        private Instant expires;
        private Duration maxAge;
        private boolean secure = true;
        private boolean httpOnly = true;
        private SameSite sameSite = SameSite.LAX;
        private String priority;
        private boolean signed;

        private Builder(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty() || !isToken(name)) {
                throw new IllegalArgumentException("Cookie name '" + name
                        + "' must be a non-empty token (letters, digits and !#$%&'*+-.^_`|~)");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
                    throw new IllegalArgumentException("Cookie '" + name + "' has a value with a character"
                            + " not allowed in cookies (position " + i + "); encode it, e.g. with URL encoding");
                }
            }
            this.name = name;
            this.value = value;
        }

        public Builder domain(String domain) {
            this.domain = attribute("domain", domain);
            return this;
        }

        /** Defaults to {@code /}; {@code null} leaves the attribute out. */
        public Builder path(String path) {
            this.path = attribute("path", path);
            return this;
        }

        public Builder expires(Instant expires) {
            this.expires = expires;
            return this;
        }

        public Builder maxAge(Duration maxAge) {
            if (maxAge != null && maxAge.isNegative()) {
                throw new IllegalArgumentException("Cookie maxAge must not be negative; use Duration.ZERO to delete");
            }
            this.maxAge = maxAge;
            return this;
        }

        /** Defaults to {@code true}. */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /** Defaults to {@code true}. */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /** Defaults to {@link SameSite#LAX}; {@code null} leaves the attribute out. */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = sameSite;
            return this;
        }

        /** {@code Low}, {@code Medium} or {@code High}. */
        public Builder priority(String priority) {
            if (priority != null && !priority.matches("Low|Medium|High")) {
                throw new IllegalArgumentException("Cookie priority must be Low, Medium or High, not '" + priority + "'");
            }
            this.priority = priority;
            return this;
        }

        /**
         * Signs the value when the cookie is set (needs the cookie plugin with secrets); read it
         * back with {@code req.signedCookie(name)}, which refuses a forged one.
         */
        public Builder signed(boolean signed) {
            this.signed = signed;
            return this;
        }

        /**
         * @throws IllegalStateException for {@code SameSite=None} without {@code Secure}, which
         *     browsers reject
         */
        public Cookie build() {
            if (sameSite == SameSite.NONE && !secure) {
                throw new IllegalStateException("Cookie '" + name + "': SameSite=None needs secure(true)");
            }
            return new Cookie(this);
        }

        private static String attribute(String what, String v) {
            if (v == null) {
                return null;
            }
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 0x20 || c == 0x7f || c == ';') {
                    throw new IllegalArgumentException("Cookie " + what + " '" + v + "' contains ';' or a control character");
                }
            }
            return v;
        }

        private static boolean isToken(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
                if (!ok) {
                    return false;
                }
            }
            return true;
        }
    }
}
