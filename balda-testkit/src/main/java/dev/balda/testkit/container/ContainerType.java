package dev.balda.testkit.container;

/**
 * The embedded servlet containers the testkit can start. Each one comes in its own module, so a
 * project's test class path holds only the containers it picked: add {@link #artifactId()} (group
 * {@code dev.balda}) with test scope beside {@code balda-testkit}.
 */
public enum ContainerType {
    /** Eclipse Jetty 12, ee10 environment (Servlet 6.0, WebSocket 2.1). */
    JETTY("Jetty 12 ee10", "balda-testkit-jetty"),
    /** Apache Tomcat 11 (Servlet 6.1, WebSocket 2.2). */
    TOMCAT("Tomcat 11", "balda-testkit-tomcat");

    private final String displayName;
    private final String artifactId;

    ContainerType(String displayName, String artifactId) {
        this.displayName = displayName;
        this.artifactId = artifactId;
    }

    public String displayName() {
        return displayName;
    }

    /** The module that brings this container: {@code dev.balda:<artifactId>}. */
    public String artifactId() {
        return artifactId;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
