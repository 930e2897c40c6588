package dev.balda.plugin.staticfiles;

import dev.balda.http.HttpException;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.internal.ContentTypes;
import dev.balda.plugin.Plugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Serves files under a URL prefix from a directory, a class-path folder, or the WAR's own
 * resources ({@code src/main/webapp}). In a zero-configuration WAR one line serves the WAR's files
 * beside the routes:
 *
 * <pre>{@code
 * app.use(StaticPlugin.webapp());                      // src/main/webapp at /, index.html for /
 * app.use(StaticPlugin.builder().directory(Path.of("/srv/downloads")).prefix("/downloads")
 *         .maxAge(Duration.ofHours(1)).build());
 * }</pre>
 *
 * <ul>
 *   <li>{@code GET} and {@code HEAD} only; other methods, and paths with no file, go on to the
 *       routes (a 404 if none answers).</li>
 *   <li>{@code ETag} (strong, from time and size) and {@code Last-Modified}; {@code If-None-Match}
 *       and {@code If-Modified-Since} give 304, {@code If-Match} and {@code If-Unmodified-Since}
 *       412.</li>
 *   <li>One {@code Range} gives 206 with {@code Content-Range} (or 416 when unsatisfiable), honouring
 *       {@code If-Range}; several ranges get the whole file.</li>
 *   <li>A folder is answered with its {@code index} file ({@code index.html}; {@code null} for none),
 *       after a redirect to the path with a trailing slash so relative links work.</li>
 *   <li>{@code Cache-Control: public, max-age=<maxAge>} (0 by default), {@code immutable} on request.</li>
 *   <li>Dotfiles ({@code .env}, {@code .git/}): {@link Dotfiles#IGNORE} by default, or deny (403),
 *       or allow.</li>
 *   <li>No path leaves the root: {@code ..}, its encodings, encoded separators and backslashes,
 *       NUL, and symbolic links (unless {@code followSymlinks}) are a 404 {@code NOT_FOUND}; so are
 *       {@code WEB-INF} and {@code META-INF} of a WAR. Paths are decoded once.</li>
 *   <li>Files are streamed from their source when the response is written, never read whole (a
 *       large file without compression goes to the container's own transfer where it has one);
 *       files of at most {@code cacheMaxFileSize} (64 KiB) are kept in memory, up to
 *       {@code cacheMaxBytes} (16 MiB) together. What a path resolved to (file, size, time,
 *       links) is reused for {@code checkInterval} (1 s) before the file system is asked again, so
 *       a changed file is served within a second. Compression applies to what is served, ranges
 *       excepted.</li>
 * </ul>
 *
 * <p>Every request under the prefix looks for a file first, so a route under the same prefix is
 * reached only when no file answers. The plugin's name is {@code static} followed by its prefix,
 * so several can be listed.
 */
public final class StaticPlugin implements Plugin {
    private final StaticSource source;
    private final String prefix;
    private final String index;
    private final String cacheControl;
    private final Dotfiles dotfiles;
    private final SmallFileCache cache;
    private final Resolutions resolutions;

    private StaticPlugin(Builder b, StaticSource source) {
        this.source = source;
        this.prefix = b.prefix;
        this.index = b.index;
        this.cacheControl = "public, max-age=" + b.maxAge.toSeconds() + (b.immutable ? ", immutable" : "");
        this.dotfiles = b.dotfiles;
        this.cache = new SmallFileCache(b.cacheMaxFileSize, b.cacheMaxBytes);
        this.resolutions = new Resolutions(b.checkInterval.toNanos(), System::nanoTime);
    }

    /** The WAR's files ({@code src/main/webapp}) at {@code /}, with {@code index.html} for folders. */
    public static StaticPlugin webapp() {
        return builder().webapp("/").build();
    }

    /** A directory's files at {@code /}. */
    public static StaticPlugin directory(Path directory) {
        return builder().directory(directory).build();
    }

    /** A class-path folder's files ({@code "public"}) at {@code /}. */
    public static StaticPlugin classpath(String folder) {
        return builder().classpath(folder).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return prefix.isEmpty() ? "static" : "static " + prefix;
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        String method = req.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            next.run();
            return;
        }
        String path = req.path();
        if (!path.startsWith(prefix) || path.length() > prefix.length() && path.charAt(prefix.length()) != '/') {
            next.run();
            return;
        }
        RelativePath relative = RelativePath.parse(path.substring(prefix.length()));
        if (relative.kind == RelativePath.Kind.UNDECODABLE) {
            next.run();
            return;
        }
        if (relative.kind == RelativePath.Kind.ESCAPES) {
            throw notFound();
        }
        if (relative.dotfile && dotfiles != Dotfiles.ALLOW) {
            if (dotfiles == Dotfiles.DENY) {
                throw HttpException.forbidden("Files whose names start with a dot are not served");
            }
            next.run();
            return;
        }
        Resource resource = resolutions.find(source, req, relative.segments);
        String name = relative.segments.isEmpty() ? "" : relative.segments.get(relative.segments.size() - 1);
        if (resource != null && resource != Resource.REFUSED && resource.directory()) {
            resource = index == null ? null : indexOf(req, relative.segments);
            if (resource != null && resource != Resource.REFUSED && !relative.trailingSlash) {
                // Relative links in the index resolve against the folder only with the slash.
                String query = req.queryString();
                res.redirect(301, req.contextPath() + path + "/" + (query == null ? "" : "?" + query));
                return;
            }
            name = index;
        }
        if (resource == Resource.REFUSED) {
            throw notFound();
        }
        if (resource == null) {
            next.run();
            return;
        }
        serve(req, res, resource, name);
    }

    /** A folder's index file, {@code null} when it has none. */
    private Resource indexOf(Request req, List<String> folder) throws IOException {
        List<String> segments = new ArrayList<>(folder);
        segments.add(index);
        Resource file = resolutions.find(source, req, segments);
        return file == null || file.directory() ? null : file;
    }

    private void serve(Request req, Response res, Resource resource, String name) throws IOException {
        byte[] cached = null;
        Validators validators;
        if (cache.holds(resource)) {
            SmallFileCache.Entry entry = cache.get(resource);
            cached = entry.bytes();
            validators = entry.validators();
        } else {
            validators = new Validators(resource.length(), resource.lastModified());
        }
        res.header("ETag", validators.etag);
        res.header("Last-Modified", validators.lastModified);
        res.header("Cache-Control", cacheControl);
        Validators.Outcome outcome = validators.check(req);
        if (outcome == Validators.Outcome.NOT_MODIFIED) {
            res.status(304).send(null);
            return;
        }
        if (outcome == Validators.Outcome.PRECONDITION_FAILED) {
            res.error(412, "The file has changed");
            return;
        }
        res.header("Accept-Ranges", "bytes");
        res.header("Content-Type", ContentTypes.forName(name));
        long length = cached != null ? cached.length : resource.length();
        String rangeHeader = req.header("Range");
        ByteRange range = rangeHeader == null || !validators.rangeApplies(req) ? null : ByteRange.parse(rangeHeader, length);
        if (range == ByteRange.UNSATISFIABLE) {
            res.removeHeader("Content-Type");
            res.header("Content-Range", "bytes */" + length);
            res.error(416, "The range is outside the file's " + length + " bytes");
            return;
        }
        long offset = 0;
        long count = length;
        if (range != null) {
            offset = range.first();
            count = range.length();
            res.status(206).header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + length);
        }
        if (cached != null) {
            res.send(offset == 0 && count == cached.length ? cached
                    : Arrays.copyOfRange(cached, (int) offset, (int) (offset + count)));
            return;
        }
        resource.send(res, offset, count);
    }

    private static HttpException notFound() {
        return HttpException.notFound("File not found");
    }

    /** Builds a {@link StaticPlugin}; exactly one source is required. */
    public static final class Builder {
        private StaticSourceFactory source;
        private String sourceProblem;
        private String prefix = "";
        private String index = "index.html";
        private Duration maxAge = Duration.ZERO;
        private boolean immutable;
        private Dotfiles dotfiles = Dotfiles.IGNORE;
        private boolean followSymlinks;
        private long cacheMaxFileSize = 64 * 1024;
        private long cacheMaxBytes = 16 * 1024 * 1024;
        private Duration checkInterval = Duration.ofSeconds(1);

        private Builder() {
        }

        /** Files of a directory on disk, which must exist. */
        public Builder directory(Path directory) {
            Objects.requireNonNull(directory, "directory");
            setSource("directory " + directory, () -> {
                if (!Files.isDirectory(directory)) {
                    throw new IllegalArgumentException("static: directory " + directory.toAbsolutePath()
                            + " does not exist or is not a directory");
                }
                return new DirectorySource(directory, followSymlinks);
            });
            return this;
        }

        /** Resources under a class-path folder ({@code "public"}), found with this class's loader's parent chain. */
        public Builder classpath(String folder) {
            return classpath(folder, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : StaticPlugin.class.getClassLoader());
        }

        /** Resources under a class-path folder, found with the given loader. */
        public Builder classpath(String folder, ClassLoader loader) {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(loader, "loader");
            String name = trimSlashes(folder);
            setSource("classpath " + folder, () -> {
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("static: classpath folder must name a folder such as \"public\";"
                            + " the class path's root would publish your classes");
                }
                if (!Arrays.stream(name.split("/")).allMatch(StaticPlugin::plainSegment)) {
                    throw new IllegalArgumentException("static: classpath folder '" + folder + "' has an empty, . or .. part");
                }
                return new ClasspathSource(name, loader, followSymlinks);
            });
            return this;
        }

        /**
         * The WAR's own resources under a folder ({@code "/"} for all of them, {@code "/assets"}),
         * read through the request's servlet context; in the testkit's mock server, from
         * {@code src/main/webapp} of the working directory.
         */
        public Builder webapp(String folder) {
            Objects.requireNonNull(folder, "folder");
            String name = trimSlashes(folder);
            setSource("webapp " + folder, () -> {
                String first = name.split("/")[0];
                if (first.equalsIgnoreCase("WEB-INF") || first.equalsIgnoreCase("META-INF")) {
                    throw new IllegalArgumentException("static: webapp folder '" + folder + "' is private to the WAR"
                            + " and is never served");
                }
                if (!name.isEmpty() && !Arrays.stream(name.split("/")).allMatch(StaticPlugin::plainSegment)) {
                    throw new IllegalArgumentException("static: webapp folder '" + folder + "' has an empty, . or .. part");
                }
                return new WebappSource(name.isEmpty() ? "" : "/" + name, followSymlinks);
            });
            return this;
        }

        private void setSource(String description, StaticSourceFactory factory) {
            if (source != null) {
                sourceProblem = "static: one source per plugin, not " + description + " as well; list a second"
                        + " StaticPlugin with its own prefix";
            }
            source = factory;
        }

        /** The URL path the files are served under ({@code "/assets"}); the root by default. */
        public Builder prefix(String prefix) {
            this.prefix = trimSlashes(Objects.requireNonNull(prefix, "prefix"));
            this.prefix = this.prefix.isEmpty() ? "" : "/" + this.prefix;
            return this;
        }

        /** The file that answers for a folder ({@code index.html}), or {@code null} for none. */
        public Builder index(String index) {
            this.index = index;
            return this;
        }

        /** How long browsers and proxies may keep a file without asking again (0). */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
            return this;
        }

        /** Adds {@code immutable} to {@code Cache-Control}: for files whose names change with their content. */
        public Builder immutable(boolean immutable) {
            this.immutable = immutable;
            return this;
        }

        /** What to do with dotfiles ({@link Dotfiles#IGNORE}). */
        public Builder dotfiles(Dotfiles dotfiles) {
            this.dotfiles = Objects.requireNonNull(dotfiles, "dotfiles");
            return this;
        }

        /** Whether symbolic links are followed, wherever they lead (false: a path through one is a 404). */
        public Builder followSymlinks(boolean followSymlinks) {
            this.followSymlinks = followSymlinks;
            return this;
        }

        /** The largest file kept in memory (64 KiB); 0 keeps none. */
        public Builder cacheMaxFileSize(long bytes) {
            this.cacheMaxFileSize = bytes;
            return this;
        }

        /** The most bytes kept in memory for all files together (16 MiB). */
        public Builder cacheMaxBytes(long bytes) {
            this.cacheMaxBytes = bytes;
            return this;
        }

        /**
         * How long what a path resolved to (the file, its size and time, whether a link makes it
         * out of bounds) is reused before the file system is asked again: 1 s, as the containers'
         * default servlets reuse theirs; {@code Duration.ZERO} asks on every request.
         */
        public Builder checkInterval(Duration interval) {
            this.checkInterval = Objects.requireNonNull(interval, "checkInterval");
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public StaticPlugin build() {
            if (source == null) {
                throw new IllegalArgumentException("static: a source is required: directory(...), classpath(...) or"
                        + " webapp(...)");
            }
            if (sourceProblem != null) {
                throw new IllegalArgumentException(sourceProblem);
            }
            if (!prefix.isEmpty() && !Arrays.stream(prefix.substring(1).split("/")).allMatch(StaticPlugin::plainSegment)) {
                throw new IllegalArgumentException("static: prefix '" + prefix + "' has an empty, . or .. part");
            }
            if (index != null && (index.isEmpty() || !plainSegment(index) || index.contains("/") || index.contains("\\"))) {
                throw new IllegalArgumentException("static: index must be a file name such as index.html, or null for"
                        + " none; not '" + index + "'");
            }
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("static: maxAge must not be negative, not " + maxAge);
            }
            if (checkInterval.isNegative() || checkInterval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("static: checkInterval must be 0 (every request) to 1 minute, not "
                        + checkInterval);
            }
            if (cacheMaxFileSize < 0 || cacheMaxFileSize > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("static: cacheMaxFileSize must be 0 (no cache) to 2 GiB, not "
                        + cacheMaxFileSize);
            }
            if (cacheMaxBytes < Math.max(1, cacheMaxFileSize)) {
                throw new IllegalArgumentException("static: cacheMaxBytes (" + cacheMaxBytes + ") must hold at least"
                        + " one file of cacheMaxFileSize (" + cacheMaxFileSize + ")");
            }
            try {
                return new StaticPlugin(this, source.create());
            } catch (IOException e) {
                throw new UncheckedIOException("static: could not open the source", e);
            }
        }
    }

    /** Creates the source when the builder builds, so the symlink option given after it applies. */
    @FunctionalInterface
    private interface StaticSourceFactory {
        StaticSource create() throws IOException;
    }

    private static boolean plainSegment(String segment) {
        return !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
