package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;
import java.util.Map;

/**
 * {@link StaticFilesSuite} on embedded Tomcat 11, which refuses an encoded {@code /}, backslashes
 * and NUL with its own 400, and answers every path into {@code WEB-INF} or {@code META-INF}
 * (in any case, encoded or reached through {@code ..}) with its own 404, before any filter runs.
 */
class TomcatStaticFilesTest extends StaticFilesSuite {
    @Override
    ContainerType container() {
        return ContainerType.TOMCAT;
    }

    @Override
    Map<String, String> answeredByTheContainer() {
        return Map.ofEntries(
                Map.entry("/files/..%2Fsecret.txt", CONTAINER_400),
                Map.entry("/files/%2e%2e%2fsecret.txt", CONTAINER_400),
                Map.entry("/files/..%5Csecret.txt", CONTAINER_400),
                Map.entry("/files/..\\secret.txt", CONTAINER_400),
                Map.entry("/files/sub/..%5C..%5Csecret.txt", CONTAINER_400),
                Map.entry("/files/app.js%00.txt", CONTAINER_400),
                Map.entry("/files/%00", CONTAINER_400),
                Map.entry("/WEB-INF/web.xml", CONTAINER_404),
                Map.entry("/web-inf/web.xml", CONTAINER_404),
                Map.entry("/%57EB-INF/web.xml", CONTAINER_404),
                Map.entry("/assets/../WEB-INF/web.xml", CONTAINER_404));
    }
}
