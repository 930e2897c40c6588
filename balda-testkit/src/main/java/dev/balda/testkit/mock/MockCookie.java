package dev.balda.testkit.mock;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cookie the application set, parsed from one {@code Set-Cookie} response header: its name, its
 * value exactly as sent, and its attributes ({@code Path}, {@code Max-Age}, {@code HttpOnly}...)
 * in order, flags such as {@code HttpOnly} with an empty value. Attribute names are looked up
 * case-insensitively.
 */
public final class MockCookie {
    private final String name;
    private final String value;
    private final Map<String, String> attributes;
    private final String header;

    private MockCookie(String name, String value, Map<String, String> attributes, String header) {
        this.name = name;
        this.value = value;
        this.attributes = Collections.unmodifiableMap(attributes);
        this.header = header;
    }

    /** Parses a {@code Set-Cookie} header value; {@code null} if it has no {@code name=value}. */
    static MockCookie parse(String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return null;
        }
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                continue;
            }
            int at = part.indexOf('=');
            if (at < 0) {
                attributes.put(part, "");
            } else {
                attributes.put(part.substring(0, at).trim(), part.substring(at + 1).trim());
            }
        }
        return new MockCookie(name, value, attributes, setCookie);
    }

    public String name() {
        return name;
    }

    /** The value as sent, without decoding. */
    public String value() {
        return value;
    }

    /** The attributes in order; a flag such as {@code Secure} maps to {@code ""}. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** An attribute's value (case-insensitive name), {@code ""} for a flag, {@code null} if absent. */
    public String attribute(String attributeName) {
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            if (a.getKey().equalsIgnoreCase(attributeName)) {
                return a.getValue();
            }
        }
        return null;
    }

    /** Whether the attribute is present, as a flag or with a value. */
    public boolean hasAttribute(String attributeName) {
        return attribute(attributeName) != null;
    }

    /** The {@code Set-Cookie} header value this cookie was parsed from. */
    public String header() {
        return header;
    }

    @Override
    public String toString() {
        return header;
    }
}
