package dev.balda.snippets;

/** A stored user, as sent back as JSON. */
public record User(String id, String name) {
}
