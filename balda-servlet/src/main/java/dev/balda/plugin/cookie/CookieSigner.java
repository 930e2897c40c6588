package dev.balda.plugin.cookie;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures for cookie values, with key rotation: values are signed with the first
 * secret and accepted when any secret's signature matches, so a new secret can be put first while
 * cookies signed with the old one stay valid until they expire. A signed value is
 * {@code value.signature} (base64url, no padding); the cookie's name is part of what is signed, so
 * a signed value cannot be moved to another cookie.
 */
public final class CookieSigner {
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final List<SecretKeySpec> keys;

    /**
     * @param secrets at least one, the first signs; each at least 32 characters
     * @throws IllegalArgumentException naming what to change
     */
    public CookieSigner(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("secrets: give at least one secret to sign cookies with");
        }
        List<SecretKeySpec> list = new ArrayList<>();
        for (String secret : secrets) {
            if (secret == null || secret.length() < 32) {
                throw new IllegalArgumentException("secrets: each secret must be at least 32 characters of random"
                        + " text (e.g. 32 random bytes in base64); one is " + (secret == null ? "null" : secret.length()
                        + " characters"));
            }
            list.add(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        }
        this.keys = List.copyOf(list);
    }

    /** {@code value.signature}, signed with the first secret. */
    public String sign(String name, String value) {
        return value + "." + signature(keys.get(0), name, value);
    }

    /** The value a signed cookie carries when one of the secrets signed it, else {@code null}. */
    public String verify(String name, String signedValue) {
        int dot = signedValue.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String value = signedValue.substring(0, dot);
        byte[] given = signedValue.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        for (SecretKeySpec key : keys) {
            if (MessageDigest.isEqual(given, signature(key, name, value).getBytes(StandardCharsets.US_ASCII))) {
                return value;
            }
        }
        return null;
    }

    private static String signature(SecretKeySpec key, String name, String value) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return ENCODER.encodeToString(mac.doFinal((name + "=" + value).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
