package dev.balda.example;

/** Who is on a chat socket: chosen at upgrade time from the validated {@code name} query param. */
record ChatMember(String name, String room) {
}
