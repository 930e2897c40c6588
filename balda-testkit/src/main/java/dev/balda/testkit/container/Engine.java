package dev.balda.testkit.container;

/** One running container behind {@link EmbeddedServer}. */
interface Engine {
    void start() throws Exception;

    int port();

    void stop() throws Exception;
}
