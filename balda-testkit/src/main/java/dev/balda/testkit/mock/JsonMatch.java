package dev.balda.testkit.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Compares JSON trees for the body assertions and names the first difference by its path
 * ({@code $.user.tags[1]}). Numbers compare by value ({@code 1} equals {@code 1.0}); object field
 * order never matters; arrays compare element by element and must have the same length.
 */
final class JsonMatch {
    private static final int SHOW_LIMIT = 200;

    private JsonMatch() {
    }

    /** {@code null} when every field of {@code expected} is in {@code actual} with a matching value, recursively. */
    static String subsetMismatch(JsonNode expected, JsonNode actual) {
        return compare(expected, actual, "$", true);
    }

    /** {@code null} when the trees are equal. */
    static String deepMismatch(JsonNode expected, JsonNode actual) {
        return compare(expected, actual, "$", false);
    }

    private static String compare(JsonNode expected, JsonNode actual, String path, boolean subset) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                return path + ": expected an object " + show(expected) + " but was " + show(actual);
            }
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                String fieldPath = child(path, field.getKey());
                JsonNode actualValue = actual.get(field.getKey());
                if (actualValue == null) {
                    return fieldPath + ": expected " + show(field.getValue()) + " but the field is missing";
                }
                String mismatch = compare(field.getValue(), actualValue, fieldPath, subset);
                if (mismatch != null) {
                    return mismatch;
                }
            }
            if (!subset) {
                for (Map.Entry<String, JsonNode> field : actual.properties()) {
                    if (!expected.has(field.getKey())) {
                        return child(path, field.getKey()) + ": unexpected field with value " + show(field.getValue());
                    }
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (!actual.isArray()) {
                return path + ": expected an array " + show(expected) + " but was " + show(actual);
            }
            if (expected.size() != actual.size()) {
                return path + ": expected an array of " + expected.size() + " element(s) " + show(expected)
                        + " but it has " + actual.size() + ": " + show(actual);
            }
            for (int i = 0; i < expected.size(); i++) {
                String mismatch = compare(expected.get(i), actual.get(i), path + "[" + i + "]", subset);
                if (mismatch != null) {
                    return mismatch;
                }
            }
            return null;
        }
        if (expected.isNumber() && actual.isNumber() && sameNumber(expected, actual)) {
            return null;
        }
        if (expected.equals(actual)) {
            return null;
        }
        return path + ": expected " + show(expected) + " but was " + show(actual);
    }

    private static boolean sameNumber(JsonNode a, JsonNode b) {
        try {
            BigDecimal x = a.decimalValue();
            BigDecimal y = b.decimalValue();
            return x.compareTo(y) == 0;
        } catch (NumberFormatException e) {
            // NaN or infinity
            return a.asText().equals(b.asText());
        }
    }

    private static String child(String path, String field) {
        boolean plain = !field.isEmpty() && Character.isJavaIdentifierStart(field.charAt(0))
                && field.chars().allMatch(Character::isJavaIdentifierPart);
        return plain ? path + "." + field : path + "[\"" + field.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    static String show(JsonNode node) {
        String s = node.toString();
        return s.length() <= SHOW_LIMIT ? s : s.substring(0, SHOW_LIMIT) + "...";
    }
}
