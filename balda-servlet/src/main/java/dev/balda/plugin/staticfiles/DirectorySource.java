package dev.balda.plugin.staticfiles;

import dev.balda.http.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Files under a directory. Unless symbolic links are allowed, a path is served only when its real
 * path (every link resolved) is the path asked for under the root's real path: a link anywhere
 * on the way, even to a file inside the root, is refused.
 */
final class DirectorySource implements StaticSource {
    private final Path root;
    private final Path realRoot;
    private final boolean followSymlinks;

    DirectorySource(Path root, boolean followSymlinks) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = root.toRealPath();
        this.followSymlinks = followSymlinks;
    }

    @Override
    public Resource find(Request req, List<String> segments) throws IOException {
        return find(root, realRoot, segments, followSymlinks);
    }

    /** The lookup shared with the other sources when their files are on disk. */
    static Resource find(Path root, Path realRoot, List<String> segments, boolean followSymlinks) throws IOException {
        Path path = root;
        Path expected = realRoot;
        for (String segment : segments) {
            path = path.resolve(segment);
            expected = expected.resolve(segment);
        }
        if (!path.startsWith(root)) {
            return Resource.REFUSED;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile() && !attributes.isDirectory()) {
                return null;
            }
            if (!followSymlinks && !path.toRealPath().equals(expected)) {
                return Resource.REFUSED;
            }
        } catch (FileSystemException e) {
            // Not there, not a folder on the way (a/file.txt/x), not readable: no file to serve.
            return null;
        }
        return new Resource.OnDisk(path, attributes);
    }
}
