package dev.balda.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the root README.md is, line for line (indentation aside), one
 * region of these sources between {@code // tag::name[]} and {@code // end::name[]}, and every
 * region is shown in the README. The sources compile (and the tests among them run), so the
 * README shows code that compiles; editing one without the other fails here.
 */
class ReadmeSnippetsTest {
    private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[]\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// end::([\\w-]+)\\[]\\s*$");
    private static final Pattern JAVA_FENCE = Pattern.compile("^\\s*```java\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*$");

    @Test
    void everyJavaBlockOfTheReadmeIsOneCompiledRegionAndEveryRegionIsShown() {
        Path readme = Path.of(System.getProperty("readme", "../README.md"));
        Map<String, List<String>> regions = regions(Path.of(System.getProperty("snippets", "src/test/java")));
        List<String> problems = problems(read(readme), regions);
        if (!problems.isEmpty()) {
            fail(readme + " and the snippets in balda-snippets/src/test/java differ:\n\n" + String.join("\n\n", problems));
        }
    }

    @Test
    void aBlockThatDriftedFromItsRegionIsReportedWithTheFirstDifference() {
        Map<String, List<String>> regions = Map.of("hello", List.of("app.get(\"/\", (req, res) -> \"hi\");"));
        List<String> readme = List.of("Text", "```java", "    app.get(\"/\", (req, res) -> \"hello\");", "```");

        List<String> problems = problems(readme, regions);

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("README line 2"), problems.get(0));
        assertTrue(problems.get(0).contains("closest is region 'hello'"), problems.get(0));
        assertTrue(problems.get(0).contains("\"hello\""), problems.get(0));
        assertTrue(problems.get(1).contains("region 'hello' is shown in no README block"), problems.get(1));
    }

    @Test
    void aBlockEqualToARegionApartFromIndentationPasses() {
        Map<String, List<String>> regions = Map.of("hello", List.of("if (x) {", "    y();", "}"));
        List<String> readme = List.of("```java", "  if (x) {", "      y();", "  }", "```", "```sh", "ls", "```");

        assertEquals(List.of(), problems(readme, regions));
    }

    /** What differs between the README's Java blocks and the regions; empty when they agree. */
    static List<String> problems(List<String> readme, Map<String, List<String>> regions) {
        List<String> problems = new ArrayList<>();
        Set<String> shown = new HashSet<>();
        for (Map.Entry<Integer, List<String>> block : javaBlocks(readme).entrySet()) {
            List<String> code = normalize(block.getValue());
            String match = null;
            for (Map.Entry<String, List<String>> region : regions.entrySet()) {
                if (normalize(region.getValue()).equals(code)) {
                    match = region.getKey();
                }
            }
            if (match != null) {
                shown.add(match);
            } else {
                problems.add("README line " + block.getKey() + ": this block is no tagged region; " + closest(code, regions));
            }
        }
        for (String name : regions.keySet()) {
            if (!shown.contains(name)) {
                problems.add("region '" + name + "' is shown in no README block");
            }
        }
        return problems;
    }

    private static String closest(List<String> code, Map<String, List<String>> regions) {
        String best = null;
        int bestPrefix = -1;
        for (Map.Entry<String, List<String>> region : regions.entrySet()) {
            List<String> lines = normalize(region.getValue());
            int prefix = 0;
            while (prefix < lines.size() && prefix < code.size() && lines.get(prefix).equals(code.get(prefix))) {
                prefix++;
            }
            if (prefix > bestPrefix) {
                bestPrefix = prefix;
                best = region.getKey();
            }
        }
        if (best == null) {
            return "there are no regions";
        }
        List<String> lines = normalize(regions.get(best));
        return "closest is region '" + best + "', first different at its line " + (bestPrefix + 1) + ":\n  region: "
                + (bestPrefix < lines.size() ? lines.get(bestPrefix) : "(ends)") + "\n  README: "
                + (bestPrefix < code.size() ? code.get(bestPrefix) : "(ends)");
    }

    /** The README's Java blocks by the line number of their opening fence. */
    private static Map<Integer, List<String>> javaBlocks(List<String> readme) {
        Map<Integer, List<String>> blocks = new LinkedHashMap<>();
        for (int i = 0; i < readme.size(); i++) {
            if (JAVA_FENCE.matcher(readme.get(i)).matches()) {
                int start = i + 1;
                int end = start;
                while (end < readme.size() && !FENCE.matcher(readme.get(end)).matches()) {
                    end++;
                }
                blocks.put(start, readme.subList(start, end));
                i = end;
            }
        }
        return blocks;
    }

    /** Every tagged region of the Java sources under {@code root}, by name. */
    private static Map<String, List<String>> regions(Path root) {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = read(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher tag = TAG.matcher(lines.get(i));
                    if (!tag.matches()) {
                        continue;
                    }
                    String name = tag.group(1);
                    int end = i + 1;
                    while (end < lines.size() && !isEnd(lines.get(end), name)) {
                        end++;
                    }
                    if (end == lines.size()) {
                        throw new IllegalStateException(file + ": tag::" + name + "[] has no end::" + name + "[]");
                    }
                    if (regions.put(name, lines.subList(i + 1, end)) != null) {
                        throw new IllegalStateException(file + ": a second region named '" + name + "'");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return regions;
    }

    private static boolean isEnd(String line, String name) {
        Matcher end = END.matcher(line);
        return end.matches() && end.group(1).equals(name);
    }

    /** Lines without their common indentation or trailing blanks. */
    private static List<String> normalize(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.isBlank() ? "" : line.substring(indent).stripTrailing());
        }
        return out;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
