package dev.balda.internal;

import dev.balda.http.HttpException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 percent-decoding of paths and query strings. Malformed escapes, bytes that are not
 * UTF-8 and NUL are client errors (400 {@code BAD_REQUEST}), never exceptions that would become
 * 500s. Input without escapes is returned as is, without copying. Public for Balda's static-file
 * plugin, which decodes paths the same way; not API.
 */
public final class UriDecoder {
    private static final String[] NO_SEGMENTS = new String[0];

    private UriDecoder() {
    }

    /** Splits a raw path into decoded segments, skipping empty ones and {@code ;params}. */
    static String[] segments(String rawPath) {
        if (rawPath.isEmpty() || rawPath.equals("/")) {
            return NO_SEGMENTS;
        }
        // Two passes over the path, so the array is made once at its size: this runs per request.
        int count = 0;
        for (int start = 0, end; start <= rawPath.length(); start = end + 1) {
            end = segmentEnd(rawPath, start);
            if (nameEnd(rawPath, start, end) > start) {
                count++;
            }
        }
        if (count == 0) {
            return NO_SEGMENTS;
        }
        String[] segments = new String[count];
        int i = 0;
        for (int start = 0, end; start <= rawPath.length(); start = end + 1) {
            end = segmentEnd(rawPath, start);
            int stop = nameEnd(rawPath, start, end);
            if (stop > start) {
                segments[i++] = decode(rawPath, start, stop, false, "path");
            }
        }
        return segments;
    }

    private static int segmentEnd(String rawPath, int start) {
        int slash = rawPath.indexOf('/', start);
        return slash < 0 ? rawPath.length() : slash;
    }

    /** Where a segment's name ends: at its {@code ;params}, if any. */
    private static int nameEnd(String rawPath, int start, int end) {
        for (int i = start; i < end; i++) {
            if (rawPath.charAt(i) == ';') {
                return i;
            }
        }
        return end;
    }

    /**
     * Decodes one path segment, {@code raw} from {@code from} to {@code to}.
     *
     * @throws HttpException 400 for a malformed escape, bytes that are not UTF-8, or NUL
     */
    public static String segment(String raw, int from, int to) {
        return decode(raw, from, to, false, "path");
    }

    /** Decodes a query component: {@code +} is a space. */
    static String queryComponent(String raw) {
        return decode(raw, 0, raw.length(), true, "query string");
    }

    private static String decode(String s, int from, int to, boolean plusIsSpace, String where) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '\0' || plusIsSpace && c == '+') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return s.substring(from, to);
        }
        ByteBuffer bytes = ByteBuffer.allocate((to - from) * 3);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    throw bad(where, "an incomplete %-escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw bad(where, "an invalid %-escape '" + s.substring(i, i + 3) + "'");
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (plusIsSpace && c == '+') {
                bytes.put((byte) ' ');
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                // Containers hand over the raw URI as ISO-8859-1 or UTF-8 chars; re-encode as UTF-8.
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        String decoded;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            decoded = chars.toString();
        } catch (CharacterCodingException e) {
            throw bad(where, "%-escapes that are not UTF-8");
        }
        if (decoded.indexOf('\0') >= 0) {
            throw bad(where, "a NUL character");
        }
        return decoded;
    }

    private static HttpException bad(String where, String what) {
        return HttpException.badRequest("The " + where + " contains " + what);
    }
}
