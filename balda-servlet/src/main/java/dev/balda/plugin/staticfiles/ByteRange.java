package dev.balda.plugin.staticfiles;

/**
 * A {@code Range: bytes=...} header against a length (RFC 9110, section 14): one satisfiable range
 * becomes a 206, a header whose every range is unsatisfiable a 416, and anything else (a malformed
 * header, another unit, several ranges) is ignored, so the whole file is sent with 200.
 */
record ByteRange(long first, long last) {
    /** The header asks for nothing this file has. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    long length() {
        return last - first + 1;
    }

    /** The range to send, {@link #UNSATISFIABLE}, or {@code null} to send the whole file. */
    static ByteRange parse(String header, long length) {
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = value.substring(6).trim();
        if (spec.isEmpty() || spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String from = spec.substring(0, dash).trim();
        String to = spec.substring(dash + 1).trim();
        try {
            if (from.isEmpty()) {
                if (to.isEmpty() || !digits(to)) {
                    return null;
                }
                long suffix = Long.parseLong(to);
                if (suffix == 0 || length == 0) {
                    return UNSATISFIABLE;
                }
                return new ByteRange(Math.max(0, length - suffix), length - 1);
            }
            if (!digits(from) || !to.isEmpty() && !digits(to)) {
                return null;
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
            if (last < first) {
                return null;
            }
            if (first >= length) {
                return UNSATISFIABLE;
            }
            return new ByteRange(first, Math.min(last, length - 1));
        } catch (NumberFormatException tooLong) {
            return null;
        }
    }

    private static boolean digits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
