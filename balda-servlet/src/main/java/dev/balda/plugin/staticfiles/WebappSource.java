package dev.balda.plugin.staticfiles;

import dev.balda.http.Request;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The WAR's own resources (what {@code src/main/webapp} became), through the servlet context of
 * the request: on disk when the container unpacked the WAR (the usual case; then with the
 * directory source's checks), otherwise by URL. {@code WEB-INF} and {@code META-INF} are never
 * served. Outside a servlet container (the testkit's mock server) there is no servlet context;
 * the folder is then looked up under {@code src/main/webapp} of the working directory, which is
 * the project's directory when tests run under Maven or Gradle.
 */
final class WebappSource implements StaticSource {
    private final String folder;
    private final boolean followSymlinks;
    private volatile Roots roots;

    /** The resolved roots for one servlet context (one per application in practice). */
    private record Roots(ServletContext context, Path root, Path realRoot) {
    }

    WebappSource(String folder, boolean followSymlinks) {
        this.folder = folder;
        this.followSymlinks = followSymlinks;
    }

    @Override
    public Resource find(Request req, List<String> segments) throws IOException {
        String first = folder.isEmpty() ? (segments.isEmpty() ? "" : segments.get(0)) : folder.substring(1).split("/")[0];
        if (first.equalsIgnoreCase("WEB-INF") || first.equalsIgnoreCase("META-INF")) {
            return Resource.REFUSED;
        }
        ServletContext context = context(req);
        Roots resolved = roots(context);
        if (resolved != null) {
            return DirectorySource.find(resolved.root, resolved.realRoot, segments, followSymlinks);
        }
        if (context == null) {
            return null;
        }
        String path = folder + "/" + String.join("/", segments);
        URL url;
        try {
            url = context.getResource(path);
        } catch (MalformedURLException e) {
            return null;
        }
        if (url == null) {
            return null;
        }
        boolean directory = context.getResourcePaths(path.endsWith("/") ? path : path + "/") != null;
        URLConnection connection = url.openConnection();
        return new Resource.AtUrl(connection, directory, directory ? 0 : connection.getContentLengthLong(),
                connection.getLastModified());
    }

    private static ServletContext context(Request req) {
        try {
            return req.servletRequest().getServletContext();
        } catch (IllegalStateException noContainer) {
            return null;
        }
    }

    /** The folder on disk, or {@code null} when the context serves it only by URL (a packed WAR). */
    private Roots roots(ServletContext context) throws IOException {
        Roots known = roots;
        if (known != null && known.context == context) {
            return known;
        }
        String real = context != null ? context.getRealPath(folder.isEmpty() ? "/" : folder)
                : Path.of("src", "main", "webapp").toAbsolutePath() + folder;
        if (real == null || !Files.isDirectory(Path.of(real))) {
            return null;
        }
        Path root = Path.of(real).toAbsolutePath().normalize();
        known = new Roots(context, root, root.toRealPath());
        roots = known;
        return known;
    }
}
