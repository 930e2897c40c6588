package dev.balda.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code jetty-home} distribution: a fresh {@code jetty.base} made by
 * {@code start.jar --add-modules=http,ee10-deploy,ee10-websocket-jakarta}, the WAR dropped into its
 * {@code webapps/}, and {@code start.jar} run with {@code jetty.home}, {@code jetty.base} and the port.
 */
final class JettyDistribution extends Distribution {
    static final String MODULES = "http,ee10-deploy,ee10-websocket-jakarta";

    JettyDistribution(Path home) {
        super(home);
        requiredFile(home.resolve("start.jar"));
    }

    @Override
    String name() {
        return "jetty";
    }

    @Override
    void prepareBase(Path base, Path war, int port, Path work) throws IOException, InterruptedException {
        List<String> addModules = List.of(java(), "-jar", home.resolve("start.jar").toString(),
                "jetty.home=" + home, "jetty.base=" + base, "--add-modules=" + MODULES);
        Path log = work.resolve("jetty-add-modules.log");
        ContainerProcess.runToCompletion("jetty --add-modules", addModules, base, log, Duration.ofSeconds(60));
        if (!Files.isDirectory(base.resolve("start.d"))) {
            throw new IllegalStateException("start.jar --add-modules made no start.d in " + base + "\n"
                    + ContainerProcess.tail(log, 40));
        }
        Files.createDirectories(base.resolve("webapps"));
        Files.createDirectories(base.resolve("tmp"));
        Files.copy(war, base.resolve("webapps").resolve("war-example.war"));
    }

    @Override
    List<String> command(Path base, int port, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-Djava.io.tmpdir=" + base.resolve("tmp"));
        command.add("-jar");
        command.add(home.resolve("start.jar").toString());
        command.add("jetty.home=" + home);
        command.add("jetty.base=" + base);
        command.add("jetty.http.host=127.0.0.1");
        command.add("jetty.http.port=" + port);
        return command;
    }
}
