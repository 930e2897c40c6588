package dev.balda.plugin.staticfiles;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a request path below the static plugin's prefix, decoded once into segments. A
 * path that tries to leave the root is refused: a {@code .} or {@code ..} segment, and segments
 * that decode to {@code /}, {@code \}, {@code :} or NUL (so {@code %2e%2e}, {@code %2F},
 * {@code %5C}, {@code %00} are refused too). Decoding happens once: {@code %252e%252e} becomes the
 * name {@code %2e%2e}, which no file has. Path parameters ({@code ;jsessionid=...}) are dropped,
 * as for routing.
 */
final class RelativePath {
    /** The outcome of parsing: segments, or why there are none. */
    enum Kind { OK, UNDECODABLE, ESCAPES }

    final Kind kind;
    final List<String> segments;
    final boolean dotfile;
    final boolean trailingSlash;

    private RelativePath(Kind kind, List<String> segments, boolean dotfile, boolean trailingSlash) {
        this.kind = kind;
        this.segments = segments;
        this.dotfile = dotfile;
        this.trailingSlash = trailingSlash;
    }

    /** Parses {@code rest}, the raw path after the prefix ({@code ""} or starting with {@code /}). */
    static RelativePath parse(String rest) {
        List<String> segments = new ArrayList<>(4);
        boolean dotfile = false;
        int start = 0;
        int length = rest.length();
        while (start <= length) {
            int slash = rest.indexOf('/', start);
            int end = slash < 0 ? length : slash;
            int semicolon = rest.indexOf(';', start);
            int stop = semicolon >= 0 && semicolon < end ? semicolon : end;
            if (stop > start) {
                String segment = decode(rest, start, stop);
                if (segment == null) {
                    return new RelativePath(Kind.UNDECODABLE, List.of(), false, false);
                }
                if (segment.equals(".") || segment.equals("..") || escapes(segment)) {
                    return new RelativePath(Kind.ESCAPES, List.of(), false, false);
                }
                dotfile |= segment.charAt(0) == '.';
                segments.add(segment);
            } else if (end > start) {
                // only ";params": nothing to look up, and nothing a file may be named
                return new RelativePath(Kind.ESCAPES, List.of(), false, false);
            }
            start = end + 1;
        }
        return new RelativePath(Kind.OK, segments, dotfile, rest.endsWith("/"));
    }

    private static boolean escapes(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\' || c == ':' || c == '\0') {
                return true;
            }
        }
        return false;
    }

    /** Strict UTF-8 percent-decoding; {@code null} for a malformed escape or bytes that are not UTF-8. */
    private static String decode(String s, int from, int to) {
        if (s.indexOf('%', from) < 0 || s.indexOf('%', from) >= to) {
            return s.substring(from, to);
        }
        ByteBuffer bytes = ByteBuffer.allocate((to - from) * 3);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
