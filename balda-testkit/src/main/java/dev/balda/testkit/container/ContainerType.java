package dev.balda.testkit.container;

/** The embedded servlet containers the testkit can start. */
public enum ContainerType {
    /** Eclipse Jetty 12, ee10 environment (Servlet 6.0, WebSocket 2.1). */
    JETTY("Jetty 12 ee10"),
    /** Apache Tomcat 11 (Servlet 6.1, WebSocket 2.2). */
    TOMCAT("Tomcat 11");

    private final String displayName;

    ContainerType(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
