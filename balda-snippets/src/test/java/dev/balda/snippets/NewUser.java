package dev.balda.snippets;

/** What a client sends to create a user. */
public record NewUser(String name) {
}
