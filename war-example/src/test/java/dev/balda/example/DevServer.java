package dev.balda.example;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the packaged WAR on an embedded container until the process is stopped (Ctrl-C), the way
 * the README's first command does: {@code ./mvnw -B -pl war-example -am -DskipTests -Prun verify}.
 * It deploys the WAR file itself, so what runs is exactly what a standalone Jetty or Tomcat gets:
 * a copy of it, so that a second node started from the same checkout (README "Scaling out") can
 * rebuild the WAR while this one runs.
 */
public final class DevServer {
    private DevServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DevServer <war> <jetty|tomcat> <port>");
            System.exit(2);
        }
        Path war = Path.of(args[0]);
        if (!Files.isRegularFile(war)) {
            System.err.println("No WAR at " + war + "; build it first (./mvnw -B -pl war-example -am -DskipTests package)");
            System.exit(2);
        }
        ContainerType type = ContainerType.valueOf(args[1].toUpperCase(Locale.ROOT));
        int port = Integer.parseInt(args[2]);
        Path copy = Files.createTempFile("war-example-" + port + "-", ".war");
        copy.toFile().deleteOnExit();
        Files.copy(war, copy, StandardCopyOption.REPLACE_EXISTING);
        EmbeddedServer server = EmbeddedServer.builder(type).host("localhost").port(port).war(copy).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "dev-server-shutdown"));
        System.out.println();
        System.out.println("  war-example is running on " + type + " at http://localhost:" + server.port() + "/");
        String redis = System.getProperty("example.redis", "");
        System.out.println(redis.isBlank() ? "  A single node (-Dexample.redis=redis://127.0.0.1:6379 joins others)."
                : "  One node of several: chat rooms span every node on Redis at " + redis + ".");
        System.out.println("  Press Ctrl-C to stop.");
        System.out.println();
        stopped.await();
    }
}
