package dev.balda.plugin.compression;

import java.util.List;
import java.util.Locale;

/**
 * Chooses a content coding from {@code Accept-Encoding} (RFC 9110, section 12.5.3): q-values
 * (a coding with {@code q=0} is refused), {@code *} for every coding not named, {@code x-gzip} as
 * {@code gzip}. The highest q wins and, among equals, the server's order; {@code identity} wins
 * only when the client gives it a higher q than every coding offered. No header: no coding.
 */
final class AcceptEncoding {
    private AcceptEncoding() {
    }

    /** The coding to use, or {@code null} for none. */
    static ContentCoding choose(String header, List<ContentCoding> offered) {
        if (header == null || header.isBlank()) {
            return null;
        }
        double[] q = new double[ContentCoding.values().length];
        boolean[] named = new boolean[q.length];
        double star = -1;
        double identity = -1;
        for (String part : header.split(",")) {
            String[] fields = part.split(";");
            String coding = fields[0].trim().toLowerCase(Locale.ROOT);
            if (coding.isEmpty()) {
                continue;
            }
            double quality = quality(fields);
            if (quality < 0) {
                continue;
            }
            switch (coding) {
                case "*" -> star = quality;
                case "identity" -> identity = quality;
                case "gzip", "x-gzip" -> {
                    q[ContentCoding.GZIP.ordinal()] = Math.max(named[ContentCoding.GZIP.ordinal()]
                            ? q[ContentCoding.GZIP.ordinal()] : 0, quality);
                    named[ContentCoding.GZIP.ordinal()] = true;
                }
                case "deflate" -> {
                    q[ContentCoding.DEFLATE.ordinal()] = quality;
                    named[ContentCoding.DEFLATE.ordinal()] = true;
                }
                default -> {
                    // a coding this server does not offer (br, zstd, ...)
                }
            }
        }
        ContentCoding best = null;
        double bestQ = 0;
        for (ContentCoding coding : offered) {
            double quality = named[coding.ordinal()] ? q[coding.ordinal()] : Math.max(star, 0);
            if (quality > bestQ) {
                best = coding;
                bestQ = quality;
            }
        }
        return best != null && identity > bestQ ? null : best;
    }

    /** The q of one element (1 when absent), or -1 when malformed: such an element is ignored. */
    private static double quality(String[] fields) {
        for (int i = 1; i < fields.length; i++) {
            String parameter = fields[i].trim();
            if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                    && parameter.charAt(1) == '=') {
                try {
                    double value = Double.parseDouble(parameter.substring(2).trim());
                    return value >= 0 && value <= 1 ? value : -1;
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return 1;
    }
}
