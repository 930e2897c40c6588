package dev.balda.example;

/** A user of the example application, as stored and as sent. */
public record User(long id, String name, String email) {
}
