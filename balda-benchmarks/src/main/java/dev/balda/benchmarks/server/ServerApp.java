package dev.balda.benchmarks.server;

import jakarta.servlet.ServletContext;

/**
 * One side of the comparison: what a server installs into each of its contexts while the context
 * starts (with the rights of a {@code ServletContainerInitializer}).
 */
interface ServerApp {
    /** The contexts every server runs, in this order. */
    String[] CONTEXTS = {Payloads.MAIN_CONTEXT, Payloads.MIDDLEWARE_CONTEXT, Payloads.TABLE_CONTEXT,
        Payloads.STATIC_CONTEXT};

    void configure(String contextPath, ServletContext context) throws Exception;

    static ServerApp of(String variant) {
        return switch (variant) {
            case "baseline" -> new BaselineServerApp();
            case "balda" -> new BaldaServerApp();
            default -> throw new IllegalArgumentException("Unknown variant '" + variant + "': baseline or balda");
        };
    }
}
