package dev.balda.internal;

import dev.balda.http.Middleware;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;

/**
 * Runs middleware onion-style around a terminal step. Each middleware gets its own {@link Next},
 * which refuses a second call so a handler can never run twice.
 */
final class MiddlewareChain {

    /** The innermost step, run when the last middleware calls {@code next}. */
    @FunctionalInterface
    interface Terminal {
        void run(Request req, Response res) throws Exception;
    }

    private MiddlewareChain() {
    }

    static void run(Middleware[] middleware, Request req, Response res, Terminal terminal) throws Exception {
        runFrom(middleware, 0, req, res, terminal);
    }

    private static void runFrom(Middleware[] middleware, int index, Request req, Response res, Terminal terminal)
            throws Exception {
        if (index == middleware.length) {
            terminal.run(req, res);
            return;
        }
        middleware[index].handle(req, res, new Step(middleware, index, req, res, terminal));
    }

    private static final class Step implements Next {
        private final Middleware[] middleware;
        private final int index;
        private final Request req;
        private final Response res;
        private final Terminal terminal;
        private boolean called;

        Step(Middleware[] middleware, int index, Request req, Response res, Terminal terminal) {
            this.middleware = middleware;
            this.index = index;
            this.req = req;
            this.res = res;
            this.terminal = terminal;
        }

        @Override
        public void run() throws Exception {
            if (called) {
                throw new IllegalStateException("next() was called twice by middleware "
                        + middleware[index].getClass().getName() + "; it may run the rest of the chain only once");
            }
            called = true;
            runFrom(middleware, index + 1, req, res, terminal);
        }
    }
}
