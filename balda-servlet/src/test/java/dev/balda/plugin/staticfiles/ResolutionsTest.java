package dev.balda.plugin.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolutionsTest {
    @TempDir
    Path root;

    private final AtomicLong now = new AtomicLong();
    private final List<String> asked = new ArrayList<>();

    private StaticSource counting(StaticSource source) {
        return (req, segments) -> {
            asked.add(String.join("/", segments));
            return source.find(req, segments);
        };
    }

    @Test
    void whatAPathResolvedToIsReusedForTheIntervalHitsAndMissesAlike() throws Exception {
        Files.writeString(root.resolve("a.txt"), "a");
        StaticSource source = counting(new DirectorySource(root, false));
        Resolutions resolutions = new Resolutions(Duration.ofSeconds(1).toNanos(), now::get);

        Resource first = resolutions.find(source, null, List.of("a.txt"));
        Resource again = resolutions.find(source, null, List.of("a.txt"));
        assertThat(resolutions.find(source, null, List.of("missing.txt"))).isNull();
        assertThat(resolutions.find(source, null, List.of("missing.txt"))).isNull();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        Resource later = resolutions.find(source, null, List.of("a.txt"));

        assertThat(first).isNotNull().isSameAs(again);
        assertThat(later).isNotSameAs(first);
        assertThat(asked).containsExactly("a.txt", "missing.txt", "a.txt");
    }

    @Test
    void aSymbolicLinkIsJudgedAgainAfterTheInterval() throws Exception {
        Path file = Files.writeString(root.resolve("real.txt"), "real");
        Resolutions resolutions = new Resolutions(Duration.ofSeconds(1).toNanos(), now::get);
        StaticSource source = new DirectorySource(root, false);
        Files.createSymbolicLink(root.resolve("swapped.txt"), file);

        assertThat(resolutions.find(source, null, List.of("swapped.txt"))).isSameAs(Resource.REFUSED);
        Files.delete(root.resolve("swapped.txt"));
        Files.writeString(root.resolve("swapped.txt"), "a plain file now");
        now.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(resolutions.find(source, null, List.of("swapped.txt"))).isNotSameAs(Resource.REFUSED).isNotNull();
    }

    @Test
    void aZeroIntervalAsksEveryTime() throws Exception {
        Files.writeString(root.resolve("a.txt"), "a");
        StaticSource source = counting(new DirectorySource(root, false));
        Resolutions resolutions = new Resolutions(0, now::get);

        resolutions.find(source, null, List.of("a.txt"));
        resolutions.find(source, null, List.of("a.txt"));

        assertThat(asked).hasSize(2);
    }
}
