package dev.balda.plugin.staticfiles;

/** What the {@link StaticPlugin} does with a path that has a segment starting with a dot ({@code .env}, {@code .git/config}). */
public enum Dotfiles {
    /** As if it were not there: the request goes on to the routes (usually a 404). The default. */
    IGNORE,
    /** 403 {@code FORBIDDEN}. */
    DENY,
    /** Served like any other file. */
    ALLOW
}
