package dev.balda.websocket;

import dev.balda.http.Handler;
import dev.balda.http.HttpException;
import dev.balda.http.Headers;
import dev.balda.http.Request;
import dev.balda.http.Response;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final SocketRegistry registry;
    private final AtomicBoolean firstContainerRefusal = new AtomicBoolean();
    /**
     * The last client address upgraded here. Each socket keeps its address for its life, and the
     * container makes a new string per request: sockets from one address (a proxy, a NAT, one
     * browser's tabs) share this one. A race only misses a chance to share.
     */
    private volatile String lastAddress;

    UpgradeHandler(WebSocketRoute<T> route, SocketRegistry registry) {
        this.route = route;
        this.registry = registry;
    }

    @Override
    public Object handle(Request req, Response res) throws Exception {
        HandshakeCapture capture = req.attribute(HandshakeCapture.ATTRIBUTE);
        if (capture == null) {
            // On a bare JSR-356 server the container checked the handshake before Balda ran.
            HandshakeCheck.Problem problem = HandshakeCheck.check(req);
            if (problem != null) {
                return malformed(req, res, problem);
            }
        }
        // Parsed now, so too many query parameters is a 400 before the hook sees the request.
        req.queries();
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
                res.error(decision.status(), "WebSocket upgrade refused");
            }
            return res;
        }
        Handshake<T> handshake = new Handshake<>(route, registry, decision.data(), snapshot(req, route), shared(req.ip()));
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
        try {
            // Containers read the query parameters during the upgrade and fail on too many (Tomcat's
            // maxParameterCount): find out before the upgrade, where Balda can still answer.
            servletRequest.getParameterMap();
        } catch (RuntimeException e) {
            LOG.debug("WebSocket upgrade of {} with unreadable parameters: {}", req.path(), e.toString());
            malformed(req, res, new HandshakeCheck.Problem(400, "BAD_REQUEST",
                    "The request's query parameters are malformed or too many"));
            return;
        }
        ServerEndpointConfig config = new UpgradeConfig(route.endpointPath(req.path()), route.options, handshake);
        // Headers middleware set on the way in (a session cookie, say) go out with the 101.
        for (String name : res.headerNames()) {
            if (!Headers.isContentHeader(name)) {
                for (String value : res.headers(name)) {
                    servletResponse.addHeader(name, value);
                }
            }
        }
        try {
            container.upgradeHttpToWebSocket(servletRequest, servletResponse, config, pathParams(req));
        } catch (Exception e) {
            // What is left for the container to refuse after Balda's checks is in the request (an
            // extension header it cannot parse, say): a client error, logged at DEBUG like every
            // bad request, except the first of the application's lifetime in case it is not.
            if (firstContainerRefusal.compareAndSet(false, true)) {
                LOG.warn("The container refused a WebSocket upgrade of {} (logged once; later ones at DEBUG)", req.path(), e);
            } else {
                LOG.debug("The container refused a WebSocket upgrade of {}", req.path(), e);
            }
            if (servletResponse.isCommitted()) {
                res.detach();
                return;
            }
            // The container may have set 101 headers before failing: clear them so the error answer is clean.
            servletResponse.reset();
            malformed(req, res, new HandshakeCheck.Problem(400, "UPGRADE_FAILED",
                    "The WebSocket handshake was refused: " + e.getClass().getSimpleName()));
            return;
        }
        // The container answers (101, or its own refusal); Balda writes nothing more.
        res.detach();
    }

    /** Answers a handshake Balda will not upgrade; a flood of them logs nothing above DEBUG. */
    private static Response malformed(Request req, Response res, HandshakeCheck.Problem problem) {
        LOG.debug("Malformed WebSocket upgrade of {}: {}", req.path(), problem.message());
        if (problem.status() == 426) {
            res.header("Sec-WebSocket-Version", HandshakeCheck.SUPPORTED_VERSION);
        }
        res.status(problem.status()).json(HttpException.errorBody(problem.code(), problem.message()));
        return res;
    }

    private String shared(String address) {
        String last = lastAddress;
        if (last != null && last.equals(address)) {
            return last;
        }
        lastAddress = address;
        return address;
    }

    /**
     * The route's params for the container, which keeps them for the session's life: the shared
     * empty map when there are none, a compact read-only copy otherwise.
     */
    private static Map<String, String> pathParams(Request req) {
        Map<String, String> params = req.params();
        if (params.isEmpty()) {
            return Map.of();
        }
        Map<String, String> named = new LinkedHashMap<>(params);
        named.remove("*");
        return Map.copyOf(named);
    }

    private static UpgradeRequest snapshot(Request req, WebSocketRoute<?> route) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : req.headerNames()) {
            headers.put(name, req.headers(name));
        }
        // The socket keeps the path for its life: a route without params shares its own string.
        String path = req.path();
        String literal = route.pattern.toString();
        if (literal.equals(path)) {
            path = literal;
        }
        return new UpgradeRequest(path, req.params(), req.queries(), headers, req.principal(), null);
    }
}
