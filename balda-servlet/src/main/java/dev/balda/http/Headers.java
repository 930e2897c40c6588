package dev.balda.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An ordered list of HTTP header fields with case-insensitive names, as on the wire: a name may
 * repeat ({@code Set-Cookie}), lookups ignore case, and iteration keeps the order and spelling of
 * what was added. Names and values are checked when added: a name must be a token and a value may
 * not hold CR, LF or another control character, so nothing added here can split a message.
 *
 * <p>The engine keeps the response's headers in one, the testkit's mock and raw clients read
 * responses into one, and {@link #isContentHeader} is the one rule for which headers describe a
 * body (and go when the body is replaced). Not thread-safe.
 */
public final class Headers {
    /** The characters allowed in a header name (RFC 9110 token), by code; checked per character of every name set. */
    private static final boolean[] TOKEN = new boolean[128];

    static {
        for (int c = 0x21; c < 0x7f; c++) {
            TOKEN[c] = "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
    }

    private String[] names;
    private String[] values;
    private int size;

    /** An empty list with room for eight fields. */
    public Headers() {
        this(8);
    }

    public Headers(int capacity) {
        names = new String[Math.max(capacity, 1)];
        values = new String[names.length];
    }

    /**
     * Whether a header describes the body ({@code Content-Type}, {@code Content-Length},
     * {@code Content-Disposition}, ...): such headers go when the body is replaced (an error
     * answer instead of the handler's output) and never accompany a protocol upgrade.
     * {@code Content-Security-Policy} (and its report-only form) is a policy for the whole
     * response, not a description of the body, and stays.
     */
    public static boolean isContentHeader(String name) {
        return name.regionMatches(true, 0, "Content-", 0, 8)
                && !name.regionMatches(true, 8, "Security-Policy", 0, 15);
    }

    /**
     * Checks a field.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds a CR, LF or
     *     another control character (tab excepted), saying where
     */
    public static void check(String name, String value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= TOKEN.length || !TOKEN[c]) {
                throw new IllegalArgumentException("Header name '" + name.replace('\r', '?').replace('\n', '?')
                        + "' contains a character not allowed in header names (position " + i + ")");
            }
        }
        if (value == null) {
            throw new IllegalArgumentException("Header '" + name + "' must not be null; remove the header instead");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("Header '" + name + "' has a CR or LF in its value (position " + i
                        + "); that would split the message, so it is refused");
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new IllegalArgumentException("Header '" + name + "' has a control character in its value (position "
                        + i + ")");
            }
        }
    }

    /** Adds a field after the others. */
    public Headers add(String name, String value) {
        check(name, value);
        append(name, value);
        return this;
    }

    private void append(String name, String value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    /** Replaces every field of that name with one, at the place of the first. */
    public Headers set(String name, String value) {
        check(name, value);
        int first = indexOf(name);
        if (first < 0) {
            append(name, value);
            return this;
        }
        names[first] = name;
        values[first] = value;
        removeFrom(first + 1, name);
        return this;
    }

    /** Removes every field of that name. */
    public Headers remove(String name) {
        removeFrom(0, name);
        return this;
    }

    /** Removes every content header ({@link #isContentHeader}). */
    public Headers removeContentHeaders() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!isContentHeader(names[i])) {
                names[kept] = names[i];
                values[kept] = values[i];
                kept++;
            }
        }
        clearFrom(kept);
        return this;
    }

    /** The first value of a field, or {@code null}. */
    public String first(String name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    /** Every value of a field, in order; empty if absent. */
    public List<String> all(String name) {
        List<String> found = null;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(values[i]);
            }
        }
        return found == null ? List.of() : Collections.unmodifiableList(found);
    }

    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** The distinct names, in the order and spelling they were first added. */
    public Set<String> names() {
        Set<String> distinct = new LinkedHashSet<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < size; i++) {
            if (seen.add(names[i].toLowerCase(java.util.Locale.ROOT))) {
                distinct.add(names[i]);
            }
        }
        return Collections.unmodifiableSet(distinct);
    }

    /** Each field in order, repeated names included. */
    public void forEach(BiConsumer<String, String> field) {
        for (int i = 0; i < size; i++) {
            field.accept(names[i], values[i]);
        }
    }

    /**
     * The name of the field at {@code index}, as it was added; with {@link #value(int)} and
     * {@link #size()}, a walk over the fields that allocates nothing.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    public String name(int index) {
        return names[Objects.checkIndex(index, size)];
    }

    /**
     * The value of the field at {@code index}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    public String value(int index) {
        return values[Objects.checkIndex(index, size)];
    }

    /** The number of fields, repeated names counted each time. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Removes every field. */
    public void clear() {
        clearFrom(0);
    }

    private int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private void removeFrom(int start, String name) {
        int kept = start;
        for (int i = start; i < size; i++) {
            if (!names[i].equalsIgnoreCase(name)) {
                names[kept] = names[i];
                values[kept] = values[i];
                kept++;
            }
        }
        clearFrom(kept);
    }

    private void clearFrom(int newSize) {
        Arrays.fill(names, newSize, size, null);
        Arrays.fill(values, newSize, size, null);
        size = newSize;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        forEach((name, value) -> sb.append(name).append(": ").append(value).append('\n'));
        return sb.toString();
    }
}
