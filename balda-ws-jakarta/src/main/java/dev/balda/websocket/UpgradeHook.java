package dev.balda.websocket;

import dev.balda.http.Request;

/**
 * Decides an upgrade after the global and route middleware ran: accept with the connection's data
 * ({@code Upgrade.accept(user)}), or refuse with a status and body ({@code Upgrade.refuse(401,
 * Map.of("code", "UNAUTHORIZED", ...))}). Throwing an {@code HttpException} refuses as well, with
 * its error body. The request carries whatever middleware left in its attributes (the session,
 * the authenticated user).
 *
 * @param <T> the per-connection data type
 */
@FunctionalInterface
public interface UpgradeHook<T> {
    Upgrade<T> upgrade(Request req) throws Exception;
}
