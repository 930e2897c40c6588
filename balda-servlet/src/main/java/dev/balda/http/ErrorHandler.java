package dev.balda.http;


/**
 * Decides the response for an exception that escaped the middleware chain, in place of Balda's
 * default ({@link HttpException}s as their status and error body, anything else a 500). It sees
 * every such exception, {@code HttpException}s included, with a response whose body and
 * content headers have been reset (other headers, such as CORS ones, stay).
 *
 * <p>If the handler itself throws, Balda logs both exceptions and answers the default 500.
 */
@FunctionalInterface
public interface ErrorHandler {
    void handle(Request req, Response res, Throwable error) throws Exception;
}
