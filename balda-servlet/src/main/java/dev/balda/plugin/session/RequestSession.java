package dev.balda.plugin.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request's session and what happened to it, for the plugin's save after the chain. */
final class RequestSession implements Session {
    private String id;
    private final String loadedId;
    private final boolean fresh;
    private final Map<String, Object> values;
    private boolean changed;
    private boolean destroyed;
    private boolean regenerated;

    RequestSession(String id, Map<String, Object> values, boolean fresh) {
        this.id = id;
        this.loadedId = fresh ? null : id;
        this.values = values == null ? new LinkedHashMap<>() : new LinkedHashMap<>(values);
        this.fresh = fresh;
    }

    @Override
    public synchronized String id() {
        return id;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> T get(String key) {
        return (T) values.get(key);
    }

    @Override
    public synchronized Session set(String key, Object value) {
        if (value == null) {
            return remove(key);
        }
        values.put(key, value);
        changed = true;
        return this;
    }

    @Override
    public synchronized Session remove(String key) {
        if (values.remove(key) != null) {
            changed = true;
        }
        return this;
    }

    @Override
    public synchronized Map<String, Object> values() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public synchronized void destroy() {
        destroyed = true;
    }

    @Override
    public synchronized void regenerate() {
        id = SessionPlugin.newId();
        regenerated = true;
        changed = true;
    }

    synchronized String loadedId() {
        return loadedId;
    }

    synchronized boolean destroyed() {
        return destroyed;
    }

    synchronized boolean regenerated() {
        return regenerated;
    }

    /** Saved when changed, and when new and non-empty. */
    synchronized boolean needsSave() {
        return changed && !(fresh && values.isEmpty() && !regenerated);
    }

    synchronized Map<String, Object> snapshot() {
        return new LinkedHashMap<>(values);
    }
}
