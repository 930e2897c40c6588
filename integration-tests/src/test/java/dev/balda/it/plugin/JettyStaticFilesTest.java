package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;
import java.util.Map;

/**
 * {@link StaticFilesSuite} on embedded Jetty 12, whose default URI compliance refuses ambiguous
 * encodings ({@code %2e}, {@code %2F}, {@code %25}), suspicious paths (backslashes, {@code ..;})
 * and NUL with its own 400 before any filter runs.
 */
class JettyStaticFilesTest extends StaticFilesSuite {
    @Override
    ContainerType container() {
        return ContainerType.JETTY;
    }

    @Override
    Map<String, String> answeredByTheContainer() {
        return Map.ofEntries(
                Map.entry("/files/%2e%2e/secret.txt", CONTAINER_400),
                Map.entry("/files/%2E%2E/secret.txt", CONTAINER_400),
                Map.entry("/files/..%2Fsecret.txt", CONTAINER_400),
                Map.entry("/files/%2e%2e%2fsecret.txt", CONTAINER_400),
                Map.entry("/files/%252e%252e/secret.txt", CONTAINER_400),
                Map.entry("/files/%252e%252e%252fsecret.txt", CONTAINER_400),
                Map.entry("/files/..%5Csecret.txt", CONTAINER_400),
                Map.entry("/files/..\\secret.txt", CONTAINER_400),
                Map.entry("/files/sub/..%5C..%5Csecret.txt", CONTAINER_400),
                Map.entry("/files/app.js%00.txt", CONTAINER_400),
                Map.entry("/files/%00", CONTAINER_400),
                Map.entry("/files/..;/secret.txt", CONTAINER_400));
    }
}
