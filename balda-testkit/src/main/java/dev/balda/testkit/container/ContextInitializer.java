package dev.balda.testkit.container;

import jakarta.servlet.ServletContext;

/**
 * Sets up a servlet context while it starts, with the rights of a
 * {@code ServletContainerInitializer}: it may add filters, servlets and listeners. This is how a
 * test installs Balda (or anything else) into an embedded container programmatically.
 */
@FunctionalInterface
public interface ContextInitializer {
    void onStartup(ServletContext context) throws Exception;
}
