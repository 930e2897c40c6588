package dev.balda.example;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import dev.balda.RouteOptions;
import dev.balda.http.HttpException;
import dev.balda.http.UploadedFile;
import dev.balda.plugin.body.BodyParserPlugin;
import dev.balda.plugin.cookie.CookiePlugin;
import dev.balda.plugin.session.Session;
import dev.balda.plugin.session.SessionPlugin;
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
 *   <li>{@code /ws/chat/:room?name=Ann} WebSocket: a chat room; every message goes to the room</li>
 *   <li>{@code POST /api/rooms/:room/announce} text to every socket of a room, from HTTP</li>
 * </ul>
 *
 * <p>By default the chat accepts browser connections only from pages of the same origin as the
 * upgrade request ({@link SameOriginCheck}: whatever host and port the page was opened at). An
 * explicit allow-list in the system property {@value #ORIGINS_PROPERTY} or the environment variable
 * {@value #ORIGINS_ENV} (comma-separated origins) replaces that check.
 */
public final class ExampleApp implements BaldaApplication {
    static final int MAX_USERS = 10_000;
    static final String ORIGINS_PROPERTY = "example.allowedOrigins";
    static final String ORIGINS_ENV = "EXAMPLE_ALLOWED_ORIGINS";
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} _.-]{1,32}");
    private static final Pattern ROOM = Pattern.compile("[a-z0-9-]{1,32}");

    private final List<String> allowedOrigins;

    /** The application as a container deploys it: origins from the system property or environment. */
    public ExampleApp() {
        this(configuredOrigins());
    }

    /** With an explicit allow-list of chat origins; empty for same-origin pages only. */
    ExampleApp(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    @Override
    public void configure(Balda app) {
        UserStore users = new UserStore(MAX_USERS);
        String page = resource("/web/index.html");

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
        ws.route("/ws/echo", new EchoSocket());
        ws.route("/ws/chat/:room",
                allowedOrigins.isEmpty() ? RouteOptions.of(new SameOriginCheck()) : RouteOptions.none(),
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

        app.post("/api/rooms/:room/announce", (req, res) -> {
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

    /** The chat's allow-list from the system property, else the environment; empty when neither is set. */
    static List<String> configuredOrigins() {
        String configured = System.getProperty(ORIGINS_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ORIGINS_ENV);
        }
        if (configured == null || configured.isBlank()) {
            return List.of();
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
