package dev.balda.testkit.container.spi;

/**
 * One embedded container, made by an {@link EngineProvider} for one {@link EngineConfig}, behind
 * an {@link dev.balda.testkit.container.EmbeddedServer}. It is started once and stopped once;
 * {@link #stop()} may also follow a failed {@link #start()} and must then release what was taken.
 */
public interface Engine {
    /** Starts the container and returns once it serves, or throws if the context failed to start. */
    void start() throws Exception;

    /** The port it listens on, known once started. */
    int port();

    /** Stops the container and frees what it held (threads, sockets, temporary directories). */
    void stop() throws Exception;
}
