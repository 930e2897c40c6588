package dev.balda.testkit.shrinkwrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.assertj.core.api.Assertions;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packaging Balda applications as WARs (deploying one is tested in the container modules). */
class BaldaArchivesTest {

    private static Set<String> paths(WebArchive war) {
        return war.getContent().keySet().stream().map(ArchivePath::get).collect(Collectors.toSet());
    }

    @Test
    void warHasTheLibrariesAndTheGivenClasses() {
        WebArchive war = BaldaArchives.war("app.war", BaldaArchivesTest.class);

        Set<String> paths = paths(war);
        assertThat(war.getName()).isEqualTo("app.war");
        assertThat(paths).anyMatch(p -> p.matches("/WEB-INF/lib/balda-servlet[^/]*\\.jar"));
        assertThat(paths).anyMatch(p -> p.matches("/WEB-INF/lib/balda-ws-jakarta[^/]*\\.jar"));
        assertThat(paths).anyMatch(p -> p.matches("/WEB-INF/lib/jackson-databind[^/]*\\.jar"));
        assertThat(paths).anyMatch(p -> p.matches("/WEB-INF/lib/slf4j-api[^/]*\\.jar"));
        // The provider travels with the API, so the WAR's own slf4j-api finds one built against it.
        assertThat(paths).anyMatch(p -> p.matches("/WEB-INF/lib/slf4j-simple[^/]*\\.jar"));
        assertThat(paths).contains("/WEB-INF/classes/dev/balda/testkit/shrinkwrap/BaldaArchivesTest.class");
        assertThat(paths).doesNotContain("/WEB-INF/classes/dev/balda/testkit/mock/MockServerTest.class");
    }

    @Test
    void librariesHoldTheBaldaClasses() {
        List<JavaArchive> libraries = BaldaArchives.libraries();

        assertThat(libraries).anySatisfy(jar -> assertThat(jar.contains("dev/balda/Balda.class")).isTrue());
        assertThat(libraries).anySatisfy(jar ->
                assertThat(jar.contains("dev/balda/websocket/WebSockets.class")).isTrue());
    }

    @Test
    void applicationWarImportsTheWholeClassDirectory() {
        WebArchive war = BaldaArchives.applicationWar("app.war", BaldaArchivesTest.class);

        Set<String> paths = paths(war);
        // The class named and its neighbours in the same class-path root (target/test-classes).
        assertThat(paths).contains(
                "/WEB-INF/classes/dev/balda/testkit/shrinkwrap/BaldaArchivesTest.class",
                "/WEB-INF/classes/dev/balda/testkit/mock/MockServerTest.class",
                "/WEB-INF/classes/simplelogger.properties");
        assertThat(paths).anyMatch(p -> p.matches("/WEB-INF/lib/balda-servlet[^/]*\\.jar"));
        // The testkit's own classes live in another root and are not imported.
        assertThat(paths).doesNotContain("/WEB-INF/classes/dev/balda/testkit/shrinkwrap/BaldaArchives.class");
    }

    @Test
    void applicationWarAddsAJarRootAsALibrary() {
        WebArchive war = BaldaArchives.applicationWar("app.war", Assertions.class);

        Set<String> paths = paths(war);
        assertThat(paths).anyMatch(p -> p.matches("/WEB-INF/lib/assertj-core[^/]*\\.jar"));
        assertThat(paths).noneMatch(p -> p.startsWith("/WEB-INF/classes/org/assertj"));
    }

    @Test
    void applicationWarDoesNotAddALibraryTwice() {
        WebArchive war = BaldaArchives.applicationWar("app.war", dev.balda.Balda.class);

        long servletJars = paths(war).stream().filter(p -> p.matches("/WEB-INF/lib/balda-servlet[^/]*\\.jar")).count();
        assertThat(servletJars).isEqualTo(1);
    }

    @Test
    void applicationWarRefusesAClassWithoutALocation() {
        assertThatThrownBy(() -> BaldaArchives.applicationWar("app.war", String.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("java.lang.String");
    }

    @Test
    void anExportedWarIsAZipWithTheSameEntries(@TempDir Path dir) throws Exception {
        Path file = BaldaArchives.export(BaldaArchives.war("exported.war", BaldaArchivesTest.class), dir);

        assertThat(file).isEqualTo(dir.resolve("exported.war"));
        assertThat(Files.size(file)).isPositive();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(zip.getEntry("WEB-INF/classes/dev/balda/testkit/shrinkwrap/BaldaArchivesTest.class")).isNotNull();
            assertThat(zip.stream().map(e -> e.getName()))
                    .anyMatch(n -> n.matches("WEB-INF/lib/balda-servlet[^/]*\\.jar"));
        }
    }
}
