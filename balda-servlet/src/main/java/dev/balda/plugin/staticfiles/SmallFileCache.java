package dev.balda.plugin.staticfiles;

import dev.balda.internal.ExpiringMap;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of small files, so a hot 1 KiB file costs a look at its metadata rather than an
 * open, a read and a close per request, as the containers' own default servlets do. Entries are
 * checked against the file's length and time as the plugin last saw them (a changed file is read
 * again),
 * bounded by count and by bytes, and the least recently used go first. Only files of at most
 * {@code maxFileSize} are kept; larger ones are always streamed from their source.
 */
final class SmallFileCache {
    /** A file's bytes and validators as they were when read. */
    record Entry(byte[] bytes, long length, long lastModified, Validators validators) {
    }

    private final ExpiringMap<String, Entry> entries;
    private final long maxFileSize;

    SmallFileCache(long maxFileSize, long maxBytes) {
        this.maxFileSize = maxFileSize;
        this.entries = new ExpiringMap<>(16_384, maxBytes, entry -> entry.bytes.length, (key, entry) -> { });
    }

    boolean holds(Resource resource) {
        return maxFileSize > 0 && resource.length() <= maxFileSize;
    }

    /** The current bytes of a small file, read now if they are not here or are stale. */
    Entry get(Resource resource) throws IOException {
        Entry entry = entries.get(resource.key(), 0);
        if (entry != null && entry.length == resource.length() && entry.lastModified == resource.lastModified()) {
            return entry;
        }
        byte[] bytes;
        try (InputStream in = resource.open(0)) {
            bytes = in.readNBytes((int) resource.length());
        }
        entry = new Entry(bytes, resource.length(), resource.lastModified(),
                new Validators(resource.length(), resource.lastModified()));
        if (bytes.length == resource.length()) {
            entries.put(resource.key(), entry, Long.MAX_VALUE);
        }
        return entry;
    }
}
