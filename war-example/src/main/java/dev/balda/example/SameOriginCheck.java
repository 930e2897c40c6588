package dev.balda.example;

import dev.balda.http.HttpException;
import dev.balda.http.Middleware;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Route middleware that lets a browser open the chat's WebSocket only from a page of this very
 * server: the {@code Origin} header must name the scheme, host and port the upgrade request was
 * sent to ({@code Host}), so the page works at {@code localhost}, {@code 127.0.0.1} or a public
 * name, on any port, with no configuration, while another site's page is refused with 403
 * {@code ORIGIN_NOT_ALLOWED}. A request without {@code Origin} (not a browser) passes, as it does
 * with {@link dev.balda.websocket.WebSocketOptions#allowedOrigins()}.
 *
 * <p>The scheme is the one the container reports: behind a proxy that ends TLS, configure the
 * container to honour the forwarded protocol (or use an explicit allow-list), or an {@code https}
 * page will not match.
 */
final class SameOriginCheck implements Middleware {
    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        String origin = req.header("Origin");
        if (origin != null && !sameOrigin(origin, req.scheme(), req.host())) {
            throw new HttpException(403, "ORIGIN_NOT_ALLOWED",
                    "Origin " + origin + " may not open this WebSocket: only pages of this server may");
        }
        next.run();
    }

    /** Whether {@code origin} is {@code scheme://host} (ports compared with their defaults filled in). */
    static boolean sameOrigin(String origin, String scheme, String host) {
        String own = normalize(scheme + "://" + host);
        return own != null && own.equals(normalize(origin));
    }

    /** {@code scheme://host:port} in lower case with the scheme's default port made explicit, or {@code null}. */
    static String normalize(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            int defaultPort = switch (scheme) {
                case "http" -> 80;
                case "https" -> 443;
                default -> -1;
            };
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (defaultPort < 0 || uri.getHost() == null || !bare) {
                return null;
            }
            int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
