package dev.balda.plugin.cookie;

import dev.balda.http.HttpException;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.internal.BufferedResponse;
import dev.balda.plugin.Plugin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cookie plugin: parses the {@code Cookie} header into {@code req.cookie(name)} /
 * {@code req.cookies()}, and signs cookies set with {@code signed(true)} when given secrets.
 *
 * <pre>{@code
 * app.use(CookiePlugin.builder().secrets(System.getenv("COOKIE_SECRET")).build());
 * app.get("/", (req, res) -> {
 *     String theme = req.cookie("theme");
 *     res.cookie("visit", "1", c -> c.maxAge(Duration.ofDays(30)).signed(true));
 *     return theme;
 * });
 * }</pre>
 *
 * <p>At most {@code maxHeaderBytes} (8 KiB) of {@code Cookie} header are accepted (more is 431
 * {@code REQUEST_HEADER_FIELDS_TOO_LARGE}), and at most {@code maxPairs} (50) cookies are kept;
 * malformed pairs are skipped. A repeated name keeps its first value. Values are as sent (no
 * decoding). Signing is HMAC-SHA256 with key rotation ({@link CookieSigner}): the first secret
 * signs, any secret verifies; {@code req.signedCookie(name)} gives a signed cookie's value, or
 * {@code null} when it is forged. Cookies are parsed in the plugin's {@code before} stage, so
 * plugins that need them (the session) can read them there.
 */
public final class CookiePlugin implements Plugin {
    /** The request attribute holding the parsed cookies, read by {@code Request.cookies()}. */
    public static final String COOKIES = "dev.balda.cookies";
    /** The request attribute holding the verified signed cookies, read by {@code Request.signedCookie}. */
    public static final String SIGNED_COOKIES = "dev.balda.signedCookies";

    private static final Logger LOG = LoggerFactory.getLogger(CookiePlugin.class);

    private final CookieSigner signer;
    private final int maxHeaderBytes;
    private final int maxPairs;

    private CookiePlugin(Builder b) {
        this.signer = b.secrets.isEmpty() ? null : new CookieSigner(b.secrets);
        this.maxHeaderBytes = b.maxHeaderBytes;
        this.maxPairs = b.maxPairs;
    }

    /** Parsing with the default limits, no signing. */
    public static CookiePlugin defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "cookie";
    }

    /** The signer, or {@code null} without secrets. */
    public CookieSigner signer() {
        return signer;
    }

    @Override
    public CompletionStage<Void> before(Request req, Response res) {
        List<String> headers = req.headers("Cookie");
        int bytes = 0;
        for (String header : headers) {
            bytes += header.length();
        }
        if (bytes > maxHeaderBytes) {
            return CompletableFuture.failedFuture(new HttpException(431, "REQUEST_HEADER_FIELDS_TOO_LARGE",
                    "The Cookie header is larger than " + maxHeaderBytes + " bytes"));
        }
        Map<String, String> cookies = parse(headers);
        req.attribute(COOKIES, cookies);
        if (signer != null) {
            Map<String, String> verified = new LinkedHashMap<>();
            cookies.forEach((name, value) -> {
                String original = signer.verify(name, value);
                if (original != null) {
                    verified.put(name, original);
                }
            });
            req.attribute(SIGNED_COOKIES, Collections.unmodifiableMap(verified));
            if (res instanceof BufferedResponse buffered) {
                buffered.cookieSigner(cookie -> cookie.withValue(signer.sign(cookie.name(), cookie.value())).build());
            }
        }
        return DONE;
    }

    private Map<String, String> parse(List<String> headers) {
        Map<String, String> cookies = new LinkedHashMap<>();
        int pairs = 0;
        for (String header : headers) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (name.isEmpty() || !token(name) || !cookieOctets(value)) {
                    continue;
                }
                if (++pairs > maxPairs) {
                    LOG.debug("Cookie header with more than {} pairs; the rest are ignored", maxPairs);
                    return Collections.unmodifiableMap(cookies);
                }
                cookies.putIfAbsent(name, value);
            }
        }
        return Collections.unmodifiableMap(cookies);
    }

    private static boolean token(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean cookieOctets(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        next.run();
    }

    /** Builds a {@link CookiePlugin}. */
    public static final class Builder {
        private final List<String> secrets = new ArrayList<>();
        private int maxHeaderBytes = 8 * 1024;
        private int maxPairs = 50;

        private Builder() {
        }

        /**
         * Secrets for signed cookies: the first signs, all verify (put a new one first to rotate).
         * Each at least 32 characters.
         */
        public Builder secrets(String... secrets) {
            this.secrets.clear();
            this.secrets.addAll(List.of(secrets));
            return this;
        }

        /** Largest {@code Cookie} header accepted, in bytes (8 KiB). */
        public Builder maxHeaderBytes(int maxHeaderBytes) {
            this.maxHeaderBytes = maxHeaderBytes;
            return this;
        }

        /** Most cookies kept from one request (50); later pairs are ignored. */
        public Builder maxPairs(int maxPairs) {
            this.maxPairs = maxPairs;
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public CookiePlugin build() {
            if (maxHeaderBytes <= 0) {
                throw new IllegalArgumentException("maxHeaderBytes must be a positive number of bytes, not " + maxHeaderBytes);
            }
            if (maxPairs <= 0) {
                throw new IllegalArgumentException("maxPairs must be a positive count, not " + maxPairs);
            }
            return new CookiePlugin(this);
        }
    }
}
