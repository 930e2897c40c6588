package dev.balda.websocket;

import dev.balda.internal.routing.PathPattern;

/** One registered WebSocket route: its path, options, upgrade hook and handler. */
final class WebSocketRoute<T> {
    final PathPattern pattern;
    final WebSocketOptions options;
    final UpgradeHook<T> hook;
    final WebSocketHandler<T> handler;
    /** Made once: the configuration of every upgrade keeps it for the session's life. */
    private final String uriTemplate;

    WebSocketRoute(PathPattern pattern, WebSocketOptions options, UpgradeHook<T> hook, WebSocketHandler<T> handler) {
        this.pattern = pattern;
        this.options = options;
        this.hook = hook;
        this.handler = handler;
        this.uriTemplate = pattern.hasWildcard() ? null : pattern.toUriTemplate();
    }

    /** The path a JSR-356 {@code ServerEndpointConfig} needs: the URI template, or the literal path for wildcards. */
    String endpointPath(String requestPath) {
        return uriTemplate == null ? requestPath : uriTemplate;
    }
}
