package dev.balda.plugin.staticfiles;

import dev.balda.http.Request;
import java.io.IOException;
import java.util.List;

/** Where the static plugin's files come from: a directory, a class-path folder, or the WAR's own resources. */
interface StaticSource {

    /**
     * The resource at these (checked) segments, {@code null} when there is none, or
     * {@link Resource#REFUSED} when the path exists but leads out of the root.
     */
    Resource find(Request req, List<String> segments) throws IOException;
}
