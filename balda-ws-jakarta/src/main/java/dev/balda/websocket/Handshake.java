package dev.balda.websocket;

/**
 * Everything one accepted upgrade hands to its connection: the route, the registry the socket
 * joins, the data from the upgrade hook and the request snapshot. It is created per upgrade and
 * travels only through objects made for that upgrade, never through state that concurrent
 * handshakes share.
 */
final class Handshake<T> {
    final WebSocketRoute<T> route;
    final SocketRegistry registry;
    final T data;
    final UpgradeRequest request;
    final String remoteAddress;

    Handshake(WebSocketRoute<T> route, SocketRegistry registry, T data, UpgradeRequest request, String remoteAddress) {
        this.route = route;
        this.registry = registry;
        this.data = data;
        this.request = request;
        this.remoteAddress = remoteAddress;
    }
}
