package dev.balda.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the harness starts a JVM of its own: this JVM's {@code java} and this module's class path. */
final class JavaCommand {
    private JavaCommand() {
    }

    static List<String> of(List<String> flags, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /** The class path to give the children: set explicitly, or the one this JVM runs with. */
    static String classPath() {
        String explicit = System.getProperty("bench.classpath");
        return explicit != null && !explicit.isBlank() ? explicit : System.getProperty("java.class.path");
    }
}
