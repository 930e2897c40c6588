package dev.balda.plugin.staticfiles;

import dev.balda.http.Request;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;

/**
 * Resources under a folder of the class path ({@code public} in a jar, or in
 * {@code src/main/resources} while developing). Jar entries are read from the jar; a folder on
 * disk gets the directory source's checks, symbolic links included.
 */
final class ClasspathSource implements StaticSource {
    private final String folder;
    private final ClassLoader loader;
    private final boolean followSymlinks;

    ClasspathSource(String folder, ClassLoader loader, boolean followSymlinks) {
        this.folder = folder;
        this.loader = loader;
        this.followSymlinks = followSymlinks;
    }

    @Override
    public Resource find(Request req, List<String> segments) throws IOException {
        String name = segments.isEmpty() ? folder : folder + "/" + String.join("/", segments);
        URL url = loader.getResource(name);
        if (url == null) {
            return null;
        }
        if (url.getProtocol().equals("file")) {
            Path path;
            try {
                path = Path.of(url.toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                return null;
            }
            Path root = path;
            for (int i = 0; i < segments.size() && root != null; i++) {
                root = root.getParent();
            }
            if (root == null) {
                return Resource.REFUSED;
            }
            return DirectorySource.find(root, root.toRealPath(), segments, followSymlinks);
        }
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
            JarEntry entry = jar.getJarEntry();
            if (entry == null) {
                return null;
            }
            return new Resource.AtUrl(connection, entry.isDirectory(), entry.getSize(), entry.getTime());
        }
        return new Resource.AtUrl(connection, false, connection.getContentLengthLong(), connection.getLastModified());
    }
}
