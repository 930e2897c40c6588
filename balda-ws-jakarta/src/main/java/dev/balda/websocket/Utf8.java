package dev.balda.websocket;

/** UTF-8 arithmetic on Java strings without encoding them, for sizes counted on every send. */
final class Utf8 {
    private Utf8() {
    }

    /**
     * The UTF-8 length of a string. A lone surrogate, which cannot be encoded, counts as the three
     * bytes its replacement takes, so the result is an upper bound of what any encoder writes.
     */
    static int length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * The longest prefix of {@code s} whose UTF-8 form fits in {@code maxBytes}, cut on a character
     * boundary (a surrogate pair is kept whole or dropped whole).
     */
    static String truncate(String s, int maxBytes) {
        if (length(s) <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int codePoint = s.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return s.substring(0, end);
    }
}
