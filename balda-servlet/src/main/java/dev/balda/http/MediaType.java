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

    /** Parses a header value; {@code null} for {@code null}, a blank value, or one without a {@code /}. */
    public static MediaType parse(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.split(";");
        String essence = parts[0].trim().toLowerCase(Locale.ROOT);
        int slash = essence.indexOf('/');
        if (slash <= 0 || slash == essence.length() - 1) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = parts[i].substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            parameters.putIfAbsent(name, value);
        }
        return new MediaType(essence.substring(0, slash).trim(), essence.substring(slash + 1).trim(),
                Collections.unmodifiableMap(parameters));
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
