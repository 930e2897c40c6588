/**
 * The service interface between {@link dev.balda.testkit.container.EmbeddedServer} and the
 * container modules ({@code balda-testkit-jetty}, {@code balda-testkit-tomcat}). Tests do not use
 * it; a module that adds another container implements {@link dev.balda.testkit.container.spi.EngineProvider}.
 */
package dev.balda.testkit.container.spi;
