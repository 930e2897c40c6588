package dev.balda.servlet;

import java.io.IOException;

/**
 * Thrown out of {@link BaldaFilter#doFilter} when a response failed after it was committed (a
 * stream had started). Propagating it is the servlet API's only way to make the container drop
 * the connection, so the client sees a broken response instead of a complete-looking one. Balda
 * has already logged the cause, so this exception carries no stack trace of its own.
 */
public final class ResponseAbortedException extends IOException {
    private static final long serialVersionUID = 1L;

    ResponseAbortedException(Throwable cause) {
        super("Response aborted after it was committed: " + cause, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
