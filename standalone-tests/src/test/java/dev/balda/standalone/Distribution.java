package dev.balda.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A standalone container distribution unpacked by the build: how to lay out a base directory of
 * its own for one run, and the {@code java} command line that starts it there. No scripts of the
 * distribution are used, only its jars.
 */
abstract class Distribution {
    /** The context path the WAR gets from its file name, {@code webapps/war-example.war}. */
    static final String CONTEXT_PATH = "/war-example";

    final Path home;

    Distribution(Path home) {
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException(home + " is missing: run through Maven (`./mvnw -B verify`), which unpacks the distributions");
        }
        this.home = home;
    }

    /** {@code jetty}, {@code tomcat}: used for directory and log names. */
    abstract String name();

    /**
     * Fills the fresh, empty {@code base} directory so the container serves {@code war} as
     * {@code /war-example} on {@code 127.0.0.1:port}. May run short helper processes, which must have
     * ended when this returns.
     */
    abstract void prepareBase(Path base, Path war, int port, Path work) throws IOException, InterruptedException;

    /** The command that starts the container in the foreground, {@code jvmOptions} going to the container's JVM. */
    abstract List<String> command(Path base, int port, List<String> jvmOptions);

    /** Whether the container's output says it could not bind its HTTP port. */
    boolean bindFailed(String log) {
        return log.contains("java.net.BindException") || log.contains("Address already in use")
                || log.contains("Failed to bind");
    }

    static String java() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
    }

    static Path requiredFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing from the distribution");
        }
        return file;
    }
}
