package dev.balda.example;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import dev.balda.RouteOptions;
import dev.balda.http.HttpException;
import dev.balda.http.Request;
import dev.balda.http.UploadedFile;
import dev.balda.plugin.body.BodyParserPlugin;
import dev.balda.plugin.compression.CompressionPlugin;
import dev.balda.plugin.cookie.CookiePlugin;
import dev.balda.plugin.cors.CorsPlugin;
import dev.balda.plugin.helmet.HelmetPlugin;
import dev.balda.plugin.log.LogPlugin;
import dev.balda.plugin.ratelimit.RateLimitPlugin;
import dev.balda.plugin.session.Session;
import dev.balda.plugin.session.SessionPlugin;
import dev.balda.plugin.staticfiles.StaticPlugin;
import dev.balda.websocket.Upgrade;
import dev.balda.websocket.WebSocketOptions;
import dev.balda.websocket.WebSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The example application. The WAR has no {@code web.xml}: the container finds this class through
 * Balda's {@code ServletContainerInitializer} and registers the filter on {@code /*}, so Balda
 * owns every path (unknown ones get the JSON 404).
 *
 * <ul>
 *   <li>{@code GET /} the page, served by a Balda route</li>
 *   <li>{@code GET /api/health} {@code {"status":"ok"}}</li>
 *   <li>{@code POST /api/users} JSON in, 201 with the created user out</li>
 *   <li>{@code GET /api/users/:id} a user, or the JSON 404</li>
 *   <li>{@code GET /api/boom} throws, to show the 500 body</li>
 *   <li>{@code GET /api/me}, {@code POST /api/me} (a form: {@code name=Ann}) the visitor's name,
 *       remembered in a session between visits; the chat uses it when the page gives none</li>
 *   <li>{@code POST /api/files} a {@code multipart/form-data} upload of one file (at most 1 MiB):
 *       its name, type, size and SHA-256</li>
 *   <li>{@code /ws/echo} WebSocket: greets, echoes text as {@code Echo: <text>} and binary as is</li>
 *   <li>{@code /ws/chat/:room?name=Ann} WebSocket: a chat room; every message goes to the room (joins rate limited)</li>
 *   <li>{@code POST /api/rooms/:room/announce} text to every socket of a room, from HTTP (rate limited)</li>
 *   <li>{@code GET /assets/...} the page's style and script, static files of the WAR</li>
 * </ul>
 *
 * <p>By default the chat accepts browser connections only from pages of the same origin as the
 * upgrade request ({@link SameOriginCheck}: whatever host and port the page was opened at). An
 * explicit allow-list in the system property {@value #ORIGINS_PROPERTY} or the environment variable
 * {@value #ORIGINS_ENV} (comma-separated origins) replaces that check.
 *
 * <p>The plugins a real application turns on: an access log line per request, the security
 * headers, CORS for front-ends on other origins that call the API ({@value #CORS_PROPERTY} or
 * {@value #CORS_ENV}, {@value #DEFAULT_CORS_ORIGIN} by default, plus the chat's allow-list; it
 * also refuses WebSocket handshakes from other origins), compression, the page's assets from the
 * WAR's {@code assets/} folder, and rate limits on the announce route and on joining the chat.
 *
 * <p>With a Redis URI in the system property {@value #REDIS_PROPERTY} or the environment variable
 * {@value #REDIS_ENV} (such as {@code redis://127.0.0.1:6379}), the example is one node of several:
 * chat rooms and announcements reach members on every node that uses the same Redis. Without one it
 * runs as a single node.
 */
public final class ExampleApp implements BaldaApplication {
    static final int MAX_USERS = 10_000;
    static final String ORIGINS_PROPERTY = "example.allowedOrigins";
    static final String ORIGINS_ENV = "EXAMPLE_ALLOWED_ORIGINS";
    static final String REDIS_PROPERTY = "example.redis";
    static final String REDIS_ENV = "EXAMPLE_REDIS";
    static final String CORS_PROPERTY = "example.corsOrigins";
    static final String CORS_ENV = "EXAMPLE_CORS_ORIGINS";
    /** A front-end's development server (Vite's default port), allowed to call the API. */
    static final String DEFAULT_CORS_ORIGIN = "http://localhost:5173";
    /** Announcements per minute from one client to one room. */
    static final int ANNOUNCE_LIMIT = 10;
    /** Chat joins per minute from one client to one room. */
    static final int JOIN_LIMIT = 20;
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} _.-]{1,32}");
    private static final Pattern ROOM = Pattern.compile("[a-z0-9-]{1,32}");

    private final List<String> allowedOrigins;
    private final List<String> corsOrigins;
    private final String redisUri;

    /** The application as a container deploys it: origins and Redis from the system properties or environment. */
    public ExampleApp() {
        this(configured(ORIGINS_PROPERTY, ORIGINS_ENV, List.of()),
                configured(CORS_PROPERTY, CORS_ENV, List.of(DEFAULT_CORS_ORIGIN)),
                configuredValue(REDIS_PROPERTY, REDIS_ENV));
    }

    /** With an explicit allow-list of chat origins (empty for same-origin pages only), as a single node. */
    ExampleApp(List<String> allowedOrigins) {
        this(allowedOrigins, List.of(DEFAULT_CORS_ORIGIN), null);
    }

    /** With an allow-list of chat origins and the API's CORS origins, as a single node. */
    ExampleApp(List<String> allowedOrigins, List<String> corsOrigins) {
        this(allowedOrigins, corsOrigins, null);
    }

    /** With an allow-list and the Redis URI of a cluster's nodes ({@code null}: a single node). */
    ExampleApp(List<String> allowedOrigins, String redisUri) {
        this(allowedOrigins, List.of(DEFAULT_CORS_ORIGIN), redisUri);
    }

    private ExampleApp(List<String> allowedOrigins, List<String> corsOrigins, String redisUri) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.corsOrigins = List.copyOf(corsOrigins);
        this.redisUri = redisUri;
    }

    @Override
    public void configure(Balda app) {
        UserStore users = new UserStore(MAX_USERS);
        String page = resource("/web/index.html");
        List<String> apiOrigins = new ArrayList<>(corsOrigins);
        apiOrigins.addAll(allowedOrigins);

        app.use(LogPlugin.defaults(),
                HelmetPlugin.defaults(),
                CorsPlugin.builder().origin(apiOrigins.toArray(String[]::new)).maxAge(Duration.ofMinutes(10)).build(),
                CompressionPlugin.defaults(),
                StaticPlugin.builder().webapp("/assets").prefix("/assets").maxAge(Duration.ofHours(1)).build());

        // Cookies, a session per visitor (in memory, bounded) and bodies: JSON, forms and uploads.
        app.use(CookiePlugin.defaults(),
                SessionPlugin.builder().ttl(Duration.ofDays(7))
                        // The example is served over plain HTTP; on HTTPS keep the default (Secure).
                        .cookie(c -> c.secure(false))
                        .build(),
                BodyParserPlugin.builder().maxFiles(1).build());

        app.get("/", (req, res) -> res.html(page));
        app.get("/api/me", (req, res) -> {
            String name = Session.of(req).get("name");
            return name == null ? Map.of() : Map.of("name", name);
        });
        app.post("/api/me", (req, res) -> {
            String name = req.formParam("name") == null ? "" : req.formParam("name").strip();
            if (!NAME.matcher(name).matches()) {
                throw new HttpException(400, "BAD_NAME", "Names are 1-32 letters, digits, spaces, '.', '_' or '-'");
            }
            Session.of(req).set("name", name);
            return Map.of("name", name);
        });
        app.post("/api/files", (req, res) -> {
            UploadedFile file = req.file("file");
            if (file == null) {
                throw HttpException.badRequest("Send a multipart/form-data form with a file in the field 'file'");
            }
            return Map.of("name", file.filename(), "type", file.contentType(), "size", file.size(),
                    "sha256", sha256(file));
        });
        app.get("/api/health", (req, res) -> Map.of("status", "ok"));

        app.group("/api/users", List.of(), api -> {
            api.post("/", (req, res) -> {
                NewUser input = req.body(NewUser.class);
                if (input == null) {
                    throw HttpException.badRequest("Send a JSON body such as {\"name\":\"Ada\"}");
                }
                List<Map<String, String>> problems = input.problems();
                if (!problems.isEmpty()) {
                    throw new HttpException(422, "VALIDATION_FAILED", "validation failed", Map.of("errors", problems), null);
                }
                return res.created(users.add(input));
            });
            api.get("/:id", (req, res) -> users.find(parseId(req.param("id")))
                    .orElseThrow(() -> HttpException.notFound("No user with id " + req.param("id"))));
        });

        app.get("/api/boom", (req, res) -> {
            throw new IllegalStateException("This route fails on purpose; its details stay in the server log");
        });

        WebSockets ws = WebSockets.on(app);
        if (redisUri != null) {
            ScaleOut.topicsThroughRedis(ws, redisUri);
        }
        ws.route("/ws/echo", new EchoSocket());
        RateLimitPlugin joins = RateLimitPlugin.builder().limit(JOIN_LIMIT).window(Duration.ofMinutes(1))
                .key(ExampleApp::clientAndRoom).build();
        ws.route("/ws/chat/:room",
                allowedOrigins.isEmpty() ? RouteOptions.of(joins, new SameOriginCheck()) : RouteOptions.of(joins),
                WebSocketOptions.builder()
                        .allowedOrigins(allowedOrigins)
                        .maxPayloadLength(4 * 1024)
                        .idleTimeout(java.time.Duration.ofMinutes(5))
                        .publishToSelf(true)
                        .build(),
                req -> {
                    String room = req.param("room");
                    // The page's name, else the one the session remembers.
                    String remembered = Session.of(req).get("name");
                    String name = req.query("name") != null ? req.query("name").strip()
                            : remembered != null ? remembered : "anonymous";
                    if (!ROOM.matcher(room).matches()) {
                        return Upgrade.refuse(400, Map.of("code", "BAD_ROOM",
                                "message", "Room names are 1-32 lower-case letters, digits or '-'"));
                    }
                    if (!NAME.matcher(name).matches()) {
                        return Upgrade.refuse(400, Map.of("code", "BAD_NAME",
                                "message", "Names are 1-32 letters, digits, spaces, '.', '_' or '-'"));
                    }
                    return Upgrade.accept(new ChatMember(name, room));
                },
                new ChatSocket(app.options().objectMapper()));

        app.post("/api/rooms/:room/announce", RouteOptions.of(RateLimitPlugin.builder().limit(ANNOUNCE_LIMIT)
                .window(Duration.ofMinutes(1)).key(ExampleApp::clientAndRoom).build()), (req, res) -> {
            String text = req.bodyText().strip();
            if (text.isEmpty() || text.length() > ChatSocket.MAX_TEXT) {
                throw HttpException.badRequest("Send 1-" + ChatSocket.MAX_TEXT + " characters of text");
            }
            String room = req.param("room");
            int reached = ws.publish(ChatSocket.topic(room),
                    new ChatSocket(app.options().objectMapper()).event(new ChatMember("server", room), text, "system"));
            return Map.of("room", room, "reached", reached);
        });
    }

    /** A comma-separated list of origins from the system property, else the environment, else the default. */
    static List<String> configured(String property, String environment, List<String> otherwise) {
        String configured = System.getProperty(property);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(environment);
        }
        if (configured == null || configured.isBlank()) {
            return otherwise;
        }
        return Arrays.stream(configured.split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    private static String sha256(UploadedFile file) {
        try (InputStream in = new DigestInputStream(file.openStream(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A system property, else the environment variable; {@code null} when neither is set or both are blank. */
    private static String configuredValue(String property, String environment) {
        String configured = System.getProperty(property);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(environment);
        }
        return configured == null || configured.isBlank() ? null : configured.strip();
    }

    /** Rate limits count per client and room, so one busy room does not lock a client out of the others. */
    private static String clientAndRoom(Request req) {
        return req.ip() + " " + req.param("room");
    }

    private static long parseId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw HttpException.notFound("No user with id " + raw);
        }
    }

    private static String resource(String path) {
        try (InputStream in = ExampleApp.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
