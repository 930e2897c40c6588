package dev.balda.plugin.staticfiles;

import dev.balda.http.Request;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A file's validators ({@code ETag}, {@code Last-Modified}) and the conditional request headers
 * checked against them (RFC 9110, section 13), in the order the RFC gives: {@code If-Match},
 * else {@code If-Unmodified-Since} (412 when they fail); {@code If-None-Match}, else
 * {@code If-Modified-Since} (304 when the client's copy is current); {@code If-Range} for ranges.
 */
final class Validators {
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** What the request's conditions decide. */
    enum Outcome { SEND, NOT_MODIFIED, PRECONDITION_FAILED }

    final String etag;
    final String lastModified;
    private final long lastModifiedSeconds;

    Validators(long length, long lastModifiedMillis) {
        // Strong: a file's bytes change only with its size or time. Compression weakens it.
        this.etag = "\"" + Long.toHexString(lastModifiedMillis) + "-" + Long.toHexString(length) + "\"";
        this.lastModifiedSeconds = Math.floorDiv(lastModifiedMillis, 1000);
        this.lastModified = HTTP_DATE.format(Instant.ofEpochSecond(lastModifiedSeconds));
    }

    Outcome check(Request req) {
        String ifMatch = req.header("If-Match");
        if (ifMatch != null) {
            if (!matches(ifMatch, false)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else {
            long since = date(req.header("If-Unmodified-Since"));
            if (since != Long.MIN_VALUE && lastModifiedSeconds > since) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        String ifNoneMatch = req.header("If-None-Match");
        if (ifNoneMatch != null) {
            return matches(ifNoneMatch, true) ? Outcome.NOT_MODIFIED : Outcome.SEND;
        }
        long since = date(req.header("If-Modified-Since"));
        return since != Long.MIN_VALUE && lastModifiedSeconds <= since ? Outcome.NOT_MODIFIED : Outcome.SEND;
    }

    /** Whether a {@code Range} may be honoured: no {@code If-Range}, or one naming this very version. */
    boolean rangeApplies(Request req) {
        String ifRange = req.header("If-Range");
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return value.equals(etag);
        }
        return date(value) == lastModifiedSeconds;
    }

    /** Whether a list of entity tags names this file; weak comparison for If-None-Match, strong for If-Match. */
    private boolean matches(String list, boolean weak) {
        for (String part : list.split(",")) {
            String tag = part.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                if (!weak) {
                    continue;
                }
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Seconds since the epoch, or {@code Long.MIN_VALUE} for an absent or unreadable date (which is ignored). */
    private static long date(String header) {
        if (header == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(header.trim())).getEpochSecond();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }
}
