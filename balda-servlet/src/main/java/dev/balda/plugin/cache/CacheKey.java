package dev.balda.plugin.cache;

import dev.balda.http.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cached response is filed under: the method ({@code HEAD} counts as {@code GET}, which
 * serves it), the path, the route's params, the query (parameters in a fixed order, so
 * {@code ?a=1&b=2} and {@code ?b=2&a=1} share an entry), the chosen request headers and the body,
 * each as far as the plugin is told to use it. The parts are length-prefixed (no two requests
 * collide by moving text between parts) and hashed with SHA-256, so every key has the same short
 * size whatever the request carries.
 */
final class CacheKey {
    private final boolean query;
    private final List<String> headers;
    private final boolean body;

    CacheKey(boolean query, List<String> headers, boolean body) {
        this.query = query;
        this.headers = headers;
        this.body = body;
    }

    String of(Request req) {
        MessageDigest digest = sha256();
        part(digest, req.method().equals("HEAD") ? "GET" : req.method());
        part(digest, req.path());
        for (Map.Entry<String, String> param : new TreeMap<>(req.params()).entrySet()) {
            part(digest, param.getKey());
            part(digest, param.getValue());
        }
        if (query) {
            part(digest, "?");
            for (Map.Entry<String, List<String>> parameter : new TreeMap<>(req.queries()).entrySet()) {
                part(digest, parameter.getKey());
                for (String value : parameter.getValue()) {
                    part(digest, value);
                }
            }
        }
        for (String header : headers) {
            part(digest, header.toLowerCase(Locale.ROOT));
            for (String value : req.headers(header)) {
                part(digest, value);
            }
        }
        if (body) {
            byte[] bytes = req.bodyBytes();
            part(digest, "body");
            digest.update(lengthOf(bytes.length));
            digest.update(bytes);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
    }

    private static void part(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(lengthOf(bytes.length));
        digest.update(bytes);
    }

    private static byte[] lengthOf(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
