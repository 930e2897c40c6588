package dev.balda.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code Content-Type} (RFC 9110, section 8.3.1): type and subtype in lower case, and the
 * parameters, whose names are lower case and whose quoted values are unquoted. Parsing is lenient
 * about spacing and parameter order, as browsers and proxies vary; it never throws.
 *
 * <pre>{@code
 * MediaType type = MediaType.parse("Application/JSON; charset=\"UTF-8\"");
 * type.is("application/json");   // true
 * type.charsetName();            // "UTF-8"
 * }</pre>
 */
public final class MediaType {
    private final String type;
    private final String subtype;
    private final Map<String, String> parameters;

    private MediaType(String type, String subtype, Map<String, String> parameters) {
        this.type = type;
        this.subtype = subtype;
        this.parameters = parameters;
    }

    /**
     * Parses a header value; {@code null} for {@code null}, a blank value, or one without a
     * {@code /}. Parameters without a {@code =} or without a name are left out.
     */
    public static MediaType parse(String header) {
        if (header == null) {
            return null;
        }
        // Indexes into the value instead of split parts, and no copy of what is already trimmed and
        // lower case: request bodies are checked with this on every request.
        int semicolon = header.indexOf(';');
        int essenceEnd = semicolon < 0 ? header.length() : semicolon;
        int from = trimStart(header, 0, essenceEnd);
        int to = trimEnd(header, from, essenceEnd);
        int slash = header.indexOf('/', from);
        if (slash <= from || slash >= to - 1) {
            return null;
        }
        String type = lowerCase(header, from, trimEnd(header, from, slash));
        String subtype = lowerCase(header, trimStart(header, slash + 1, to), to);
        if (semicolon < 0) {
            return new MediaType(type, subtype, Map.of());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int start = semicolon + 1, end; start < header.length(); start = end + 1) {
            end = header.indexOf(';', start);
            if (end < 0) {
                end = header.length();
            }
            int eq = header.indexOf('=', start);
            if (eq < 0 || eq >= end) {
                continue;
            }
            int nameFrom = trimStart(header, start, eq);
            int nameTo = trimEnd(header, nameFrom, eq);
            if (nameFrom == nameTo) {
                continue;
            }
            String name = lowerCase(header, nameFrom, nameTo);
            int valueFrom = trimStart(header, eq + 1, end);
            int valueTo = trimEnd(header, valueFrom, end);
            if (valueTo - valueFrom >= 2 && header.charAt(valueFrom) == '"' && header.charAt(valueTo - 1) == '"') {
                valueFrom++;
                valueTo--;
            }
            parameters.putIfAbsent(name, header.substring(valueFrom, valueTo));
        }
        return new MediaType(type, subtype, Collections.unmodifiableMap(parameters));
    }

    /** Where {@link String#trim()} would start the text between {@code from} and {@code to}. */
    private static int trimStart(String s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return to;
    }

    private static String lowerCase(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z' || c > 0x7f) {
                return s.substring(from, to).toLowerCase(Locale.ROOT);
            }
        }
        return s.substring(from, to);
    }

    public String type() {
        return type;
    }

    public String subtype() {
        return subtype;
    }

    /** {@code type/subtype}, lower case, without parameters. */
    public String essence() {
        return type + "/" + subtype;
    }

    /** Whether the essence is this one ({@code "application/json"}); case does not matter. */
    public boolean is(String essence) {
        return essence().equalsIgnoreCase(essence);
    }

    /** Whether this is JSON: {@code application/json} or {@code application/*+json}. */
    public boolean isJson() {
        return type.equals("application") && (subtype.equals("json") || subtype.endsWith("+json"));
    }

    /** A parameter's value, or {@code null}. */
    public String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    /** The {@code charset} parameter as given, or {@code null}. */
    public String charsetName() {
        return parameter("charset");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(essence());
        parameters.forEach((name, value) -> sb.append("; ").append(name).append('=').append(value));
        return sb.toString();
    }
}
