package dev.balda.plugin.compression;

import dev.balda.http.MediaType;
import java.util.Locale;

/** One entry of the compressible types: {@code text/*}, {@code application/json}, {@code application/*+json}. */
final class MediaRange {
    private final String type;
    private final String subtype;

    private MediaRange(String type, String subtype) {
        this.type = type;
        this.subtype = subtype;
    }

    /** Parses a range, or returns {@code null} when it is not {@code type/subtype} (each may be or start with {@code *}). */
    static MediaRange parse(String text) {
        String range = text.trim().toLowerCase(Locale.ROOT);
        int slash = range.indexOf('/');
        if (slash <= 0 || slash == range.length() - 1 || range.indexOf('/', slash + 1) >= 0 || range.contains(";")
                || range.contains(" ")) {
            return null;
        }
        String type = range.substring(0, slash);
        String subtype = range.substring(slash + 1);
        if (type.contains("*") && !type.equals("*")) {
            return null;
        }
        if (subtype.indexOf('*') > 0 || subtype.indexOf('*') != subtype.lastIndexOf('*')) {
            return null;
        }
        return new MediaRange(type, subtype);
    }

    boolean matches(MediaType media) {
        if (!type.equals("*") && !type.equals(media.type())) {
            return false;
        }
        if (subtype.equals("*")) {
            return true;
        }
        if (subtype.startsWith("*")) {
            return media.subtype().endsWith(subtype.substring(1));
        }
        return subtype.equals(media.subtype());
    }

    @Override
    public String toString() {
        return type + "/" + subtype;
    }
}
