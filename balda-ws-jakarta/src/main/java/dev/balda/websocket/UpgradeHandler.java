package dev.balda.websocket;

import dev.balda.error.HttpException;
import dev.balda.http.Handler;
import dev.balda.http.HttpStatus;
import dev.balda.http.Request;
import dev.balda.http.Response;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Balda handler at the end of a WebSocket route's middleware chain. It runs the upgrade hook,
 * then either hands the accepted handshake to the bare-JSR-356 configurator that is running the
 * pipeline, or upgrades the servlet request itself through
 * {@link ServerContainer#upgradeHttpToWebSocket} with a configuration made for this one request.
 */
final class UpgradeHandler<T> implements Handler {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeHandler.class);

    private final WebSocketRoute<T> route;

    UpgradeHandler(WebSocketRoute<T> route) {
        this.route = route;
    }

    @Override
    public Object handle(Request req, Response res) throws Exception {
        Upgrade<T> decision = route.hook == null ? Upgrade.accept() : route.hook.upgrade(req);
        if (decision == null) {
            throw new IllegalStateException("The upgrade hook of " + route.pattern
                    + " returned null; return Upgrade.accept(data) or Upgrade.refuse(status, body)");
        }
        if (!decision.accepted()) {
            res.status(decision.status());
            if (decision.body() != null) {
                res.send(decision.body());
            } else {
                res.json(Map.of("code", HttpStatus.errorCode(decision.status()),
                        "message", "WebSocket upgrade refused"));
            }
            return res;
        }
        Handshake<T> handshake = new Handshake<>(route, decision.data(), snapshot(req), req.ip());

        HandshakeCapture capture = HandshakeCapture.current();
        if (capture != null) {
            capture.accept(handshake);
            res.detach();
            return res;
        }
        upgradeServletRequest(req, res, handshake);
        return res;
    }

    private void upgradeServletRequest(Request req, Response res, Handshake<T> handshake) throws Exception {
        HttpServletRequest servletRequest = req.servletRequest();
        HttpServletResponse servletResponse = res.servletResponse();
        ServerContainer container = WebSockets.serverContainer(servletRequest.getServletContext());
        if (container == null) {
            throw new HttpException(501, "WEBSOCKET_UNAVAILABLE",
                    "This server has no Jakarta WebSocket support enabled");
        }
        ServerEndpointConfig config = ServerEndpointConfig.Builder
                .create(BridgeEndpoint.class, route.endpointPath(req.path()))
                .subprotocols(route.options.subprotocols())
                .configurator(new BridgeConfigurator(route.options, handshake))
                .build();
        // Headers middleware set on the way in (a session cookie, say) go out with the 101.
        for (String name : res.headerNames()) {
            if (!name.regionMatches(true, 0, "Content-", 0, 8)) {
                for (String value : res.headers(name)) {
                    servletResponse.addHeader(name, value);
                }
            }
        }
        Map<String, String> pathParams = new LinkedHashMap<>(req.params());
        pathParams.remove("*");
        try {
            container.upgradeHttpToWebSocket(servletRequest, servletResponse, config, pathParams);
        } catch (Exception e) {
            if (servletResponse.isCommitted()) {
                LOG.warn("WebSocket upgrade of {} failed after the container answered", req.path(), e);
                res.detach();
                return;
            }
            // The container may have set 101 headers before failing: clear them so the error answer is clean.
            servletResponse.reset();
            throw new HttpException(500, "UPGRADE_FAILED", "The WebSocket upgrade failed", Map.of(), e);
        }
        // The container answers (101, or its own refusal); Balda writes nothing more.
        res.detach();
    }

    private static UpgradeRequest snapshot(Request req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : req.headerNames()) {
            headers.put(name, req.headers(name));
        }
        return new UpgradeRequest(req.path(), req.params(), req.queries(), headers, req.principal(), null);
    }
}
