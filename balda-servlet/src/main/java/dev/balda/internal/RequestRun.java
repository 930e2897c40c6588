package dev.balda.internal;

import dev.balda.http.HttpException;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.internal.routing.RouteMatch;
import dev.balda.plugin.BeforeRouting;
import dev.balda.plugin.Plugin;
import dev.balda.transport.Exchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's way through the pipeline, as steps that can stop and go on later on another
 * thread: read the body ahead (when there is one), let routing hooks rewrite the method, the
 * plugins' {@code before} stages, the chain, the {@code after} stages, and the write. Work that
 * is ready goes on at once on the same thread; a body still arriving or a stage still pending
 * suspends the exchange ({@link Exchange#suspend()}) and the run resumes on a transport thread
 * when it is ready, so no thread waits on a client or a store. A transport that cannot suspend
 * (the in-memory one) gets the old behaviour: the body is read when asked, and a pending stage is
 * waited for on the calling thread.
 *
 * <p>Steps run one at a time (each resumption happens after the previous piece returned), so the
 * fields need no locks; the hand-offs (a stage's completion, the executor of the transport) order
 * the memory effects.
 */
public final class RequestRun {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRun.class);
    private static final Plugin[] NO_PLUGINS = new Plugin[0];

    private enum Step { READ, ROUTE, BEFORE, CHAIN, AFTER, FINISH, DONE }

    private final Pipeline pipeline;
    private final Exchange exchange;
    private final String[] segments;
    private final ExchangeRequest req;
    private final BufferedResponse res;
    private final String wireMethod;
    /** For log lines written when the exchange may be gone (with {@link #wireMethod}). */
    private final String rawPath;
    /**
     * Made on the first clean-up, as most requests have none; guarded by this run's monitor, as a
     * plugin may add one from another thread.
     */
    private List<Runnable> cleanups;
    private RouteMatch<RouteTarget> match;
    private Plugin[] routePlugins;
    /** Answered by the terminal step of the global chain instead of the route (a bad path, a late body). */
    private HttpException preFailure;
    /** A failure of a stage or the chain, to be answered. */
    private Throwable failure;
    private Exchange.Suspension suspension;
    private Step step = Step.READ;
    /** Why a committed response failed on a resumed thread: the transport drops the connection. */
    private Throwable abortCause;
    private int stage;

    RequestRun(Pipeline pipeline, Exchange exchange, String[] segments, HttpException badPath,
               RouteMatch<RouteTarget> match) {
        this.pipeline = pipeline;
        this.exchange = exchange;
        this.segments = segments;
        this.preFailure = badPath;
        this.wireMethod = exchange.method();
        this.rawPath = exchange.rawPath();
        this.match = match;
        this.routePlugins = plugins(match);
        this.req = new ExchangeRequest(exchange, pipeline.options, pipeline.json, match.found() ? match : null);
        this.res = new BufferedResponse(exchange, pipeline.json);
        req.run(this);
    }

    /** The run of a request the engine is serving, or {@code null} for any other request. */
    public static RequestRun of(Request req) {
        return req instanceof ExchangeRequest exchangeRequest ? exchangeRequest.run() : null;
    }

    /** Runs a clean-up when the request ends, whatever happens (temporary files). */
    public void whenDone(Runnable cleanup) {
        synchronized (this) {
            if (cleanups == null) {
                cleanups = new ArrayList<>(2);
            }
            cleanups.add(cleanup);
        }
    }

    private static Plugin[] plugins(RouteMatch<RouteTarget> match) {
        return match.found() ? match.route().target().plugins : NO_PLUGINS;
    }

    /** Starts on the transport's thread; an abort before any suspension propagates as it did. */
    void start() throws IOException {
        try {
            drive(true);
        } catch (IOException e) {
            if (suspension == null) {
                throw e;
            }
            LOG.debug("{} {} aborted after it was committed: {}", wireMethod, rawPath, e.toString());
        }
    }

    /**
     * Goes on with the run on a transport thread (a read callback, or work the transport started).
     * An aborted committed response is handed to the suspension's {@code abort}, not completed, so
     * the client sees a broken response rather than a complete-looking one.
     */
    private void resume() {
        try {
            drive(false);
        } catch (IOException e) {
            // The exchange is ended: the request may be recycled already, so only what was copied is used.
            LOG.debug("{} {} aborted after it was committed: {}", wireMethod, rawPath, e.toString());
        }
    }

    private void drive(boolean first) throws IOException {
        Request previous = CurrentRequest.enter(req);
        // Read from this thread only: once suspended, another thread may already be moving the step on.
        boolean ended = false;
        try {
            while (true) {
                switch (step) {
                    case READ -> {
                        step = Step.ROUTE;
                        if (!readBody()) {
                            return;
                        }
                    }
                    case ROUTE -> {
                        route();
                        step = Step.BEFORE;
                        stage = 0;
                    }
                    case BEFORE -> {
                        if (!before()) {
                            return;
                        }
                        step = Step.CHAIN;
                    }
                    case CHAIN -> {
                        chain();
                        step = Step.AFTER;
                        stage = 0;
                    }
                    case AFTER -> {
                        if (!after()) {
                            return;
                        }
                        step = Step.FINISH;
                    }
                    case FINISH -> {
                        step = Step.DONE;
                        ended = true;
                        finish();
                        return;
                    }
                    default -> {
                        return;
                    }
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            // Once suspended, only the suspension can end the exchange: an exception thrown out of
            // here would reach no dispatch. Nothing of the request is touched after end(): the
            // container may have recycled it.
            boolean suspended = suspension != null;
            if (e instanceof IOException && suspended) {
                abortCause = e;
            } else if (!(e instanceof IOException) && !(first && !suspended)) {
                LOG.error("{} {} failed in the pipeline", wireMethod, rawPath, e);
            }
            ended = true;
            if (step != Step.DONE) {
                step = Step.DONE;
                res.abandoned(e);
                end();
            }
            if (first && !suspended) {
                throw e;
            }
            rethrowFatal(e);
            if (e instanceof IOException) {
                throw (IOException) e;
            }
        } finally {
            if (!ended) {
                // Suspended: the run goes on elsewhere, and nothing of this request stays on this thread.
                res.threadReleased();
            }
            CurrentRequest.restore(previous);
        }
    }

    // ------------------------------------------------------------------ steps

    /** Reads the body ahead when there is one and the transport can suspend; false while it arrives. */
    private boolean readBody() {
        long declared = exchange.contentLength();
        boolean hasBody = declared > 0 || declared < 0 && chunked(exchange.header("Transfer-Encoding"));
        long limit = pipeline.bodyLimit(routePlugins, req);
        if (!hasBody) {
            req.bodySource(new BodyReader(exchange, limit));
            return true;
        }
        if (BodyPreReader.refuseUnread(exchange, limit)) {
            req.bodySource(new BodyReader(exchange, limit)); // refuses without reading, as it always did
            return true;
        }
        ArrivedBody arrived = ArrivedBody.NOTHING;
        if (declared > 0 && declared <= limit && declared <= pipeline.options.bodyMemoryThreshold()) {
            arrived = ArrivedBody.take(exchange, (int) declared);
            if (arrived.settled() != null) {
                req.bodySource(arrived.settled());
                return true;
            }
        }
        Exchange.Suspension suspended = suspend();
        if (suspended == null) {
            req.bodySource(arrived.readRest(exchange, limit));
            return true;
        }
        BodyBuffer buffer = new BodyBuffer(pipeline.options.bodyMemoryThreshold(), pipeline.options.tempDirectory(),
                declared);
        req.bodySource(buffer);
        whenDone(buffer::release);
        try {
            arrived.appendTo(buffer);
        } catch (IOException e) {
            req.bodySource(ArrivedBody.unreadable(e));
            return true;
        }
        BodyPreReader reader = new BodyPreReader(buffer, limit, pipeline.options.bodyTimeout().toNanos(),
                pipeline.options.minBodyRate(), onTransportThread -> {
                    HttpException late = buffer.failure();
                    if (late != null && late.status() == 408 && preFailure == null) {
                        // A body that timed out is answered at once, not only when someone asks for it.
                        preFailure = late;
                    }
                    if (onTransportThread) {
                        resume();
                    } else {
                        suspended.resume(this::resume);
                    }
                });
        reader.start(suspended, pipeline.scheduler());
        return false;
    }

    private static boolean chunked(String transferEncoding) {
        return transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private Exchange.Suspension suspend() {
        if (suspension == null) {
            suspension = exchange.suspend();
        }
        return suspension;
    }

    /** Routing hooks (method override) run, then the route is matched again if the method changed. */
    private void route() {
        if (preFailure != null || pipeline.routingHooks.length == 0) {
            return;
        }
        String method = req.method();
        try {
            for (BeforeRouting hook : pipeline.routingHooks) {
                String routed = hook.routeMethod(req);
                if (routed != null && !routed.equals(req.method())) {
                    req.overrideMethod(routed);
                }
            }
        } catch (HttpException e) {
            preFailure = e;
            return;
        } catch (RuntimeException e) {
            failure = e;
            return;
        }
        if (!method.equals(req.method())) {
            match = pipeline.match(req.method(), segments, exchange, true);
            routePlugins = plugins(match);
            req.match(match.found() ? match : null);
        }
    }

    private int stageCount() {
        return pipeline.globalPlugins.length + routePlugins.length;
    }

    private Plugin stagePlugin(int index) {
        int global = pipeline.globalPlugins.length;
        return index < global ? pipeline.globalPlugins[index] : routePlugins[index - global];
    }

    private boolean before() {
        while (failure == null && stage < stageCount()) {
            Plugin plugin = stagePlugin(stage++);
            CompletionStage<Void> pending;
            try {
                pending = plugin.before(req, res);
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
            if (!await(pending)) {
                return false;
            }
        }
        return true;
    }

    private void chain() throws IOException {
        if (failure == null) {
            HttpException pathError = preFailure;
            RouteMatch<RouteTarget> routed = match;
            try {
                // A malformed path or a late body still passes through the global middleware, like a 404.
                if (pipeline.globalMiddleware.length == 0) {
                    dispatch(pathError, routed, req, res);
                } else {
                    MiddlewareChain.run(pipeline.globalMiddleware, req, res,
                            (rq, rs) -> dispatch(pathError, routed, rq, rs));
                }
            } catch (Throwable error) {
                rethrowFatal(error);
                failure = error;
            }
        }
        answerFailure();
    }

    private void dispatch(HttpException pathError, RouteMatch<RouteTarget> routed, Request rq, Response rs)
            throws Exception {
        if (pathError != null) {
            throw pathError;
        }
        pipeline.dispatch(routed, rq, rs);
    }

    private void answerFailure() throws IOException {
        if (failure != null) {
            Throwable error = failure;
            failure = null;
            pipeline.handleError(exchange, req, res, error);
        }
    }

    private boolean after() throws IOException {
        if (res.detached()) {
            return true;
        }
        int count = stageCount();
        while (true) {
            if (failure != null) {
                // As an exception from the chain (a stage may have failed while the run was suspended);
                // the remaining after stages are skipped.
                stage = count;
                answerFailure();
                return true;
            }
            if (stage >= count) {
                return true;
            }
            Plugin plugin = stagePlugin(count - 1 - stage++);
            CompletionStage<Void> pending;
            try {
                pending = plugin.after(req, res);
            } catch (RuntimeException e) {
                failure = e;
                pending = null;
            }
            if (pending != null && !await(pending)) {
                return false;
            }
        }
    }

    private void finish() throws IOException {
        // Temporary files go before the answer does: a client that has the response sees none left.
        runCleanups();
        try {
            if (req.bodyAbandoned() && !res.committed() && !res.detached()) {
                // Unread request data is still on the way: the connection cannot carry another request.
                res.header("Connection", "close");
            }
            try {
                // After an early answer this writes nothing but still tells the end listeners.
                res.finish(wireMethod.equals("HEAD"));
            } catch (IOException e) {
                // The client went away while the body was written: nothing left to answer.
                LOG.debug("Could not finish the response to {} {} (request {}): {}", wireMethod, req.path(), req.id(),
                        e.toString());
            }
        } finally {
            end();
        }
    }

    /** Releases what the request held and ends a suspended exchange (unless a stream keeps it open). */
    private void end() {
        runCleanups();
        if (suspension != null && abortCause != null) {
            suspension.abort(abortCause);
        } else if (suspension != null && !res.keptOpen()) {
            suspension.complete();
        }
    }

    private void runCleanups() {
        List<Runnable> toRun;
        synchronized (this) {
            toRun = cleanups;
            cleanups = null;
        }
        if (toRun == null) {
            return;
        }
        for (Runnable cleanup : toRun) {
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                LOG.warn("A clean-up of {} {} failed (request {})", req.method(), req.path(), req.id(), e);
            }
        }
    }

    // ------------------------------------------------------------------ waiting for stages

    /**
     * Whether a stage is done (its failure, if any, in {@link #failure}); {@code false} when the
     * run suspended and will resume when the stage completes.
     */
    private boolean await(CompletionStage<Void> pending) {
        if (pending == null || pending == Plugin.DONE) {
            return true;
        }
        if (pending instanceof CompletableFuture<Void> future && future.isDone()) {
            // Most stages are done when returned (a plugin with nothing to wait for): no latch, no callback.
            try {
                future.getNow(null);
                failure = null;
            } catch (CompletionException | CancellationException e) {
                failure = unwrap(e);
            }
            return true;
        }
        // 0: undecided, 1: completed before the decision, 2: suspended (the completion resumes).
        AtomicInteger state = new AtomicInteger();
        CountDownLatch latch = new CountDownLatch(1);
        Throwable[] outcome = new Throwable[1];
        pending.whenComplete((value, error) -> {
            outcome[0] = error;
            latch.countDown();
            if (!state.compareAndSet(0, 1)) {
                failure = unwrap(error);
                // Never the store's thread for what comes next: back to the transport's.
                suspension.resume(this::resume);
            }
        });
        if (state.get() == 1) {
            failure = unwrap(outcome[0]);
            return true;
        }
        Exchange.Suspension suspended = suspend();
        if (suspended == null) {
            awaitHere(latch);
            failure = unwrap(outcome[0]);
            return true;
        }
        if (state.compareAndSet(0, 2)) {
            return false;
        }
        failure = unwrap(outcome[0]);
        return true;
    }

    private void awaitHere(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a plugin stage of " + req + " was pending", e);
        }
    }

    private static Throwable unwrap(Throwable error) {
        if (error instanceof CompletionException && error.getCause() != null) {
            return error.getCause();
        }
        return error;
    }

    private static void rethrowFatal(Throwable error) {
        if (error instanceof VirtualMachineError && !(error instanceof StackOverflowError)) {
            throw (VirtualMachineError) error;
        }
    }

    // ------------------------------------------------------------------ early answers

    /**
     * Makes the request able to be answered from another thread before its chain returns (the
     * timeout plugin's {@code respond} mode): suspends the exchange now. Call from the request's
     * own work (a plugin's {@code before}).
     */
    public void allowEarlyAnswer() {
        suspend();
    }

    /**
     * Answers now with the one error body, from any thread, unless the response is already being
     * written; whatever the chain does afterwards is discarded.
     *
     * @return whether this answer went out
     */
    public boolean answerEarly(int status, String code, String message) {
        if (!res.seal(status)) {
            return false;
        }
        byte[] body = pipeline.json.write(HttpException.errorBody(code, message));
        Exchange.Suspension suspended = suspension;
        Runnable write = () -> {
            try {
                exchange.setStatus(status);
                exchange.addHeader("Content-Type", ContentTypes.JSON);
                // The chain still runs on this exchange, so the containers do not keep the connection
                // for another request; saying so stops a client from sending one on it (a POST it
                // cannot retry would fail with no answer).
                exchange.addHeader("Connection", "close");
                exchange.setContentLength(body.length);
                var out = exchange.responseBody();
                out.write(body);
                out.flush();
            } catch (IOException | RuntimeException e) {
                LOG.debug("Could not write the early answer to {} {}: {}", wireMethod, rawPath, e.toString());
            }
            // Not completed here: the chain still runs and may read the request, which the container
            // would recycle once the exchange completes. The client has the whole answer (its length
            // was given); the run completes the exchange when the chain is done.
        };
        if (suspended != null) {
            suspended.resume(write);
        } else {
            write.run();
        }
        return true;
    }

    @Override
    public String toString() {
        return req + " at " + step;
    }
}
