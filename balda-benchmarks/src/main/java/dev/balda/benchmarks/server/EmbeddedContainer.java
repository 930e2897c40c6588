package dev.balda.benchmarks.server;

/**
 * An embedded servlet container serving the three benchmark contexts on loopback, on a free
 * port, with JSR-356 enabled in the main context. Both variants of a comparison get the very same
 * container set-up; only the {@link ServerApp} differs.
 */
interface EmbeddedContainer {

    void start() throws Exception;

    int port();

    /** The container's name and version, as it reports it. */
    String version();

    void stop() throws Exception;

    static EmbeddedContainer of(String name, ServerApp app, int threads) {
        return switch (name) {
            case "jetty" -> new JettyContainer(app, threads);
            case "tomcat" -> new TomcatContainer(app, threads);
            default -> throw new IllegalArgumentException("Unknown container '" + name + "': jetty or tomcat");
        };
    }
}
