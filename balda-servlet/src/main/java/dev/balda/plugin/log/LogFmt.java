package dev.balda.plugin.log;

/** Writes {@code key=value} pairs (logfmt): values with spaces, quotes, {@code =} or control characters are quoted and escaped. */
final class LogFmt {
    private final StringBuilder line = new StringBuilder(160);

    LogFmt add(String key, Object value) {
        if (line.length() > 0) {
            line.append(' ');
        }
        line.append(key).append('=');
        String text = String.valueOf(value);
        if (!needsQuotes(text)) {
            line.append(text);
            return this;
        }
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
        return this;
    }

    private static boolean needsQuotes(String text) {
        if (text.isEmpty()) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Milliseconds with three decimals, from nanoseconds. */
    static String millis(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        long fraction = micros % 1_000;
        return micros / 1_000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    @Override
    public String toString() {
        return line.toString();
    }
}
