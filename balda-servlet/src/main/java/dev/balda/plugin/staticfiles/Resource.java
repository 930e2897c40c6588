package dev.balda.plugin.staticfiles;

import dev.balda.http.Response;
import dev.balda.plugin.ResponseHooks;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** A file or folder found under a static root: what it is, and how to read it from an offset. */
abstract class Resource {
    /** A path that exists but leads out of the root (a symbolic link, a WAR's private folder). */
    static final Resource REFUSED = new Sentinel("refused");

    /** No file at that path (what {@link Resolutions} remembers for a miss). */
    static final Resource MISSING = new Sentinel("missing");

    /** A resource that is a verdict, never served. */
    private static final class Sentinel extends Resource {
        private final String what;

        Sentinel(String what) {
            this.what = what;
        }

        @Override
        boolean directory() {
            return false;
        }

        @Override
        long length() {
            return 0;
        }

        @Override
        long lastModified() {
            return 0;
        }

        @Override
        String key() {
            return "";
        }

        @Override
        InputStream open(long offset) {
            throw new IllegalStateException("a " + what + " resource is never opened");
        }

        @Override
        void send(Response res, long offset, long count) {
            throw new IllegalStateException("a " + what + " resource is never sent");
        }
    }

    abstract boolean directory();

    abstract long length();

    /** Milliseconds since the epoch. */
    abstract long lastModified();

    /** What identifies its content in the cache of small files. */
    abstract String key();

    /** A stream at {@code offset}; the caller reads what it needs and closes it. */
    abstract InputStream open(long offset) throws IOException;

    /** Sets {@code count} bytes from {@code offset} as the response's body, streamed when it is written. */
    abstract void send(Response res, long offset, long count);

    /** A file on disk. */
    static final class OnDisk extends Resource {
        private final Path path;
        private final BasicFileAttributes attributes;

        OnDisk(Path path, BasicFileAttributes attributes) {
            this.path = path;
            this.attributes = attributes;
        }

        @Override
        boolean directory() {
            return attributes.isDirectory();
        }

        @Override
        long length() {
            return attributes.size();
        }

        @Override
        long lastModified() {
            return attributes.lastModifiedTime().toMillis();
        }

        @Override
        String key() {
            return path.toString();
        }

        @Override
        InputStream open(long offset) throws IOException {
            if (offset == 0) {
                return Files.newInputStream(path);
            }
            FileChannel channel = FileChannel.open(path);
            try {
                channel.position(offset);
                return Channels.newInputStream(channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        /** As a file, so a container that sends files itself (Tomcat's sendfile) can. */
        @Override
        void send(Response res, long offset, long count) {
            ResponseHooks.streamFile(res, path, offset, count);
        }
    }

    /** A resource reached by URL: a jar entry, a packed WAR's entry. */
    static final class AtUrl extends Resource {
        private final URLConnection connection;
        private final boolean directory;
        private final long length;
        private final long lastModified;

        AtUrl(URLConnection connection, boolean directory, long length, long lastModified) {
            this.connection = connection;
            this.directory = directory;
            this.length = length;
            this.lastModified = lastModified;
        }

        @Override
        boolean directory() {
            return directory;
        }

        @Override
        long length() {
            return length;
        }

        @Override
        long lastModified() {
            return lastModified;
        }

        @Override
        String key() {
            return connection.getURL().toString();
        }

        @Override
        InputStream open(long offset) throws IOException {
            InputStream in = connection.getURL().openStream();
            try {
                in.skipNBytes(offset);
                return in;
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        @Override
        void send(Response res, long offset, long count) {
            ResponseHooks.streamBody(res, count, () -> open(offset));
        }
    }
}
