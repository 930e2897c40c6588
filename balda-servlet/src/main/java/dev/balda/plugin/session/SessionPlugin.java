package dev.balda.plugin.session;

import dev.balda.http.Cookie;
import dev.balda.http.HttpException;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.internal.StoreFailures;
import dev.balda.plugin.Plugin;
import dev.balda.plugin.PluginContext;
import dev.balda.plugin.cookie.CookieSigner;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session plugin: a session per client, found by a cookie ({@code sid}), kept in a
 * {@link SessionStore} (in memory by default, bounded) for {@code ttl} (1 day) after its last
 * save. Needs the cookie plugin, and runs after it wherever it is listed; its absence fails the
 * application's start.
 *
 * <pre>{@code
 * app.use(CookiePlugin.defaults(), SessionPlugin.builder().secrets(secret).build());
 * app.post("/login", (req, res) -> {
 *     Session session = Session.of(req);
 *     session.regenerate();                  // a new id at sign-in
 *     session.set("user", checkPassword(req));
 *     return res.noContent();
 * });
 * }</pre>
 *
 * <p>The store is read in the plugin's {@code before} stage and written in its {@code after}
 * stage, both asynchronous, so a remote store never holds a thread. Ids are 192 random bits from
 * {@link SecureRandom}; an unknown, expired, malformed or (with secrets) forged id gets a new
 * session with a new id, never the one the client sent. A session is saved only when it changed
 * (and when it is new, only if it holds something); {@link Session#destroy()} deletes it and
 * clears the cookie; {@link Session#regenerate()} moves it to a new id. A store failure is 503
 * {@code SERVICE_UNAVAILABLE}, and a failed save is never answered as a success. The cookie is
 * {@code HttpOnly; SameSite=Lax; Secure; Path=/} with {@code Max-Age} = ttl, signed when secrets
 * are given.
 */
public final class SessionPlugin implements Plugin {
    /** The request attribute holding the {@link Session}. */
    public static final String ATTRIBUTE = "dev.balda.session";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{32}");

    private static final Logger LOG = LoggerFactory.getLogger(SessionPlugin.class);

    private final StoreFailures storeFailures = new StoreFailures(LOG, "The session store",
            "requests that use a session are answered 503");
    private final String cookieName;
    private final Duration ttl;
    private final SessionStore store;
    private final CookieSigner signer;
    private final Consumer<Cookie.Builder> cookieOptions;

    private SessionPlugin(Builder b) {
        this.cookieName = b.cookieName;
        this.ttl = b.ttl;
        this.store = b.store != null ? b.store : InMemorySessionStore.bounded(b.maxSessions);
        this.signer = b.secrets.isEmpty() ? null : new CookieSigner(b.secrets);
        this.cookieOptions = b.cookieOptions;
    }

    /** Cookie {@code sid}, 1 day, in memory (10,000 sessions at most), unsigned. */
    public static SessionPlugin defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    static String newId() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    @Override
    public String name() {
        return "session";
    }

    @Override
    public Set<String> requires() {
        return Set.of("cookie");
    }

    /** The store sessions live in. */
    public SessionStore store() {
        return store;
    }

    @Override
    public void start(PluginContext context) {
        store.start(context);
    }

    @Override
    public void stop() {
        store.stop();
    }

    @Override
    public CompletionStage<Void> before(Request req, Response res) {
        String id = incomingId(req);
        if (id == null) {
            req.attribute(ATTRIBUTE, new RequestSession(newId(), null, true));
            return DONE;
        }
        CompletionStage<Map<String, Object>> loading;
        try {
            loading = store.load(id);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable("loaded", e));
        }
        return loading.handle((data, error) -> {
            if (error != null) {
                throw unavailable("loaded", error);
            }
            storeFailures.answered();
            req.attribute(ATTRIBUTE, data == null ? new RequestSession(newId(), null, true)
                    : new RequestSession(id, data, false));
            return null;
        });
    }

    private String incomingId(Request req) {
        String raw = req.cookie(cookieName);
        if (raw == null) {
            return null;
        }
        String id = signer == null ? raw : signer.verify(cookieName, raw);
        return id != null && ID.matcher(id).matches() ? id : null;
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        next.run();
    }

    @Override
    public CompletionStage<Void> after(Request req, Response res) {
        if (!(req.attribute(ATTRIBUTE) instanceof RequestSession session)) {
            return DONE;
        }
        try {
            String old = session.loadedId();
            if (session.destroyed()) {
                res.clearCookie(cookieName, cookieOptions);
                return old == null ? DONE : store.delete(old).handle((v, error) -> {
                    if (error != null) {
                        throw unavailable("deleted", error);
                    }
                    return null;
                });
            }
            if (!session.needsSave()) {
                return DONE;
            }
            CompletionStage<Void> dropOld = session.regenerated() && old != null ? store.delete(old) : DONE;
            String id = session.id();
            Map<String, Object> data = session.snapshot();
            return dropOld.thenCompose(v -> store.save(id, data, ttl)).handle((v, error) -> {
                if (error != null) {
                    throw unavailable("saved", error);
                }
                res.cookie(cookie(id));
                return null;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable("saved", e));
        }
    }

    private Cookie cookie(String id) {
        Cookie.Builder builder = Cookie.builder(cookieName, signer == null ? id : signer.sign(cookieName, id));
        builder.maxAge(ttl);
        cookieOptions.accept(builder);
        return builder.signed(false).build();
    }

    private HttpException unavailable(String what, Throwable cause) {
        Throwable root = cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null
                ? cause.getCause() : cause;
        if (root instanceof HttpException http) {
            return http;
        }
        storeFailures.failed(root);
        return new HttpException(503, "SERVICE_UNAVAILABLE", "The session could not be " + what
                + "; try again later", Map.of(), root);
    }

    /** Builds a {@link SessionPlugin}. */
    public static final class Builder {
        private String cookieName = "sid";
        private Duration ttl = Duration.ofDays(1);
        private SessionStore store;
        private int maxSessions = 10_000;
        private final List<String> secrets = new java.util.ArrayList<>();
        private Consumer<Cookie.Builder> cookieOptions = c -> { };

        private Builder() {
        }

        /** The cookie's name ({@code sid}). */
        public Builder cookieName(String cookieName) {
            this.cookieName = Objects.requireNonNull(cookieName, "cookieName");
            return this;
        }

        /** How long a session lives after its last save (1 day); also the cookie's {@code Max-Age}. */
        public Builder ttl(Duration ttl) {
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** Where sessions live; an {@link InMemorySessionStore} of {@code maxSessions} by default. */
        public Builder store(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The default in-memory store's bound (10,000). */
        public Builder maxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
            return this;
        }

        /** Signs the cookie: the first secret signs, all verify (32 characters or more each). */
        public Builder secrets(String... secrets) {
            this.secrets.clear();
            this.secrets.addAll(List.of(secrets));
            return this;
        }

        /**
         * Changes the cookie's attributes from the defaults, e.g. {@code c -> c.domain("example.com")}
         * or, for plain-HTTP development, {@code c -> c.secure(false)}.
         */
        public Builder cookie(Consumer<Cookie.Builder> options) {
            this.cookieOptions = Objects.requireNonNull(options, "cookie options");
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public SessionPlugin build() {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("ttl must be positive, not " + ttl);
            }
            if (store == null && maxSessions <= 0) {
                throw new IllegalArgumentException("maxSessions must be a positive count, not " + maxSessions);
            }
            Cookie.Builder probe = Cookie.builder(cookieName, "x"); // refuses a name that is not a token, now
            cookieOptions.accept(probe);
            probe.build(); // refuses SameSite=None without Secure, now rather than at the first save
            return new SessionPlugin(this);
        }
    }
}
