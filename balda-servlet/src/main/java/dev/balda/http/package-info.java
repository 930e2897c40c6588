/**
 * The contract a handler and a middleware work with: {@link dev.balda.http.Request},
 * {@link dev.balda.http.Response}, {@link dev.balda.http.Handler},
 * {@link dev.balda.http.Middleware} and {@link dev.balda.http.Next}, errors
 * ({@link dev.balda.http.HttpException}, {@link dev.balda.http.ErrorHandler}), and the small types
 * they use (cookies, headers, media types, statuses).
 */
package dev.balda.http;
