package dev.balda.plugin.session;

import dev.balda.http.Request;
import java.util.Map;

/**
 * The session of the current request, loaded by the session plugin before the chain runs and saved
 * after it when anything changed. Values must be what the store can keep (plain values, lists and
 * maps for a shared store); change a value by setting it again, since changes inside a stored
 * object are not noticed.
 *
 * <pre>{@code
 * Session session = Session.of(req);
 * Integer visits = session.get("visits");
 * session.set("visits", visits == null ? 1 : visits + 1);
 * }</pre>
 */
public interface Session {

    /**
     * The session of a request.
     *
     * @throws IllegalStateException when the session plugin does not run for it
     */
    static Session of(Request req) {
        Session session = req.attribute(SessionPlugin.ATTRIBUTE);
        if (session == null) {
            throw new IllegalStateException("Sessions come from the session plugin: add app.use(CookiePlugin.defaults(),"
                    + " SessionPlugin.defaults()) (dev.balda.plugin.session)");
        }
        return session;
    }

    /** The session id (what the cookie carries). */
    String id();

    /** Whether the session was created for this request (no valid session cookie came with it). */
    boolean isNew();

    /** A value, or {@code null}. */
    <T> T get(String key);

    /** Sets a value ({@code null} removes it); the session is saved after the request. */
    Session set(String key, Object value);

    /** Removes a value. */
    Session remove(String key);

    /** The values, read-only. */
    Map<String, Object> values();

    /** Ends the session: its data is deleted and the cookie cleared after the request. */
    void destroy();

    /**
     * Gives the session a new id, keeping its values, and drops the old id; call it when the user
     * signs in, so an id planted before sign-in (session fixation) is worth nothing.
     */
    void regenerate();
}
