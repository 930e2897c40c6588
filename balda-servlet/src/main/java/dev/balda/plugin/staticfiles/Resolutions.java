package dev.balda.plugin.staticfiles;

import dev.balda.http.Request;
import dev.balda.internal.ExpiringMap;
import java.io.IOException;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What paths resolved to (a file with its size and time, a folder, nothing, or a refusal), reused
 * for {@code checkInterval} before the source is asked again, as the containers' default servlets
 * do: asking costs a {@code stat} and, for the symbolic-link check, a {@code realpath} per
 * request, more than the rest of serving a small cached file. Bounded; the least recently used go
 * first.
 */
final class Resolutions {
    private static final int MAX_PATHS = 10_000;

    private final long intervalNanos;
    private final ExpiringMap<String, Resource> known;
    private final LongSupplier clock;

    Resolutions(long intervalNanos, LongSupplier clock) {
        this.intervalNanos = intervalNanos;
        this.known = intervalNanos > 0 ? new ExpiringMap<>(MAX_PATHS) : null;
        this.clock = clock;
    }

    /** As {@link StaticSource#find}, from what is known when it is recent enough. */
    Resource find(StaticSource source, Request req, List<String> segments) throws IOException {
        if (known == null) {
            return source.find(req, segments);
        }
        String key = String.join("/", segments);
        long now = clock.getAsLong();
        Resource resource = known.get(key, now);
        if (resource == null) {
            resource = source.find(req, segments);
            known.put(key, resource == null ? Resource.MISSING : resource, now + intervalNanos);
        }
        return resource == Resource.MISSING ? null : resource;
    }
}
