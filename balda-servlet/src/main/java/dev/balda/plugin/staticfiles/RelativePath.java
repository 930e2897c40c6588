package dev.balda.plugin.staticfiles;

import dev.balda.http.HttpException;
import dev.balda.internal.UriDecoder;
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
                if (hasNul(rest, start, stop)) {
                    return new RelativePath(Kind.ESCAPES, List.of(), false, false);
                }
                String segment;
                try {
                    segment = UriDecoder.segment(rest, start, stop);
                } catch (HttpException malformed) {
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
            if (c == '/' || c == '\\' || c == ':') {
                return true;
            }
        }
        return false;
    }

    /** A NUL, raw or as {@code %00}: a way out of the root on some file systems, so a refusal, not a malformed path. */
    private static boolean hasNul(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\0' || c == '%' && i + 2 < to && s.charAt(i + 1) == '0' && s.charAt(i + 2) == '0') {
                return true;
            }
        }
        return false;
    }
}
