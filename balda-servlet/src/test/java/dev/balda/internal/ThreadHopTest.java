package dev.balda.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.plugin.Plugin;
import dev.balda.plugin.ResponseHooks;
import dev.balda.plugin.ResponseListener;
import dev.balda.transport.Exchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request that waits for a plugin's stage leaves its thread and resumes on the transport's: the
 * end listeners are told on each thread it leaves (so thread-bound context, such as the log
 * plugin's MDC, never stays behind on a pooled thread), and once when it ends.
 */
class ThreadHopTest {
    private final ExecutorService transport = Executors.newSingleThreadExecutor(r -> new Thread(r, "transport"));
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> store = new CompletableFuture<>();

    @AfterEach
    void stop() {
        transport.shutdownNow();
    }

    @Test
    void listenersAreReleasedOnEveryThreadTheRequestLeaves() throws Exception {
        Balda app = Balda.create();
        app.use(new WaitingPlugin());
        app.get("/", (req, res) -> "resumed on " + Thread.currentThread().getName());
        SuspendingExchange exchange = new SuspendingExchange(MemoryExchange.request("GET", "/").build(), transport);

        assertThat(app.handle(exchange)).isTrue();
        assertThat(events).containsExactly("released on " + Thread.currentThread().getName());
        store.complete(null);

        assertThat(exchange.completed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(exchange.delegate.responseBodyText()).isEqualTo("resumed on transport");
        assertThat(events).containsExactly("released on " + Thread.currentThread().getName(),
                "ended 200 on transport", "released on transport");
    }

    /** Listens to the response, and waits for a store in its {@code before} step. */
    private final class WaitingPlugin implements Plugin, ResponseListener {
        @Override
        public String name() {
            return "waiting";
        }

        @Override
        public CompletionStage<Void> before(Request req, Response res) {
            ResponseHooks.onEnd(res, this);
            return store;
        }

        @Override
        public void handle(Request req, Response res, Next next) throws Exception {
            next.run();
        }

        @Override
        public void ended(Response res, long bodyBytes, Throwable failure) {
            events.add("ended " + res.status() + " on " + Thread.currentThread().getName());
        }

        @Override
        public void released() {
            events.add("released on " + Thread.currentThread().getName());
        }
    }

    /** An in-memory exchange that suspends as a servlet container does, resuming on its own thread. */
    private static final class SuspendingExchange implements Exchange {
        final MemoryExchange delegate;
        final CountDownLatch completed = new CountDownLatch(1);
        private final ExecutorService transport;
        private Suspension suspension;

        SuspendingExchange(MemoryExchange delegate, ExecutorService transport) {
            this.delegate = delegate;
            this.transport = transport;
        }

        @Override
        public synchronized Suspension suspend() {
            if (suspension == null) {
                suspension = new Suspension() {
                    @Override
                    public void readBody(BodySink sink) {
                        sink.end();
                    }

                    @Override
                    public void resume(Runnable work) {
                        transport.execute(work);
                    }

                    @Override
                    public void complete() {
                        completed.countDown();
                    }
                };
            }
            return suspension;
        }

        // ------------------------------------------------------------------ the rest as in memory

        @Override
        public String method() {
            return delegate.method();
        }

        @Override
        public String rawPath() {
            return delegate.rawPath();
        }

        @Override
        public String rawQuery() {
            return delegate.rawQuery();
        }

        @Override
        public String contextPath() {
            return delegate.contextPath();
        }

        @Override
        public String scheme() {
            return delegate.scheme();
        }

        @Override
        public String host() {
            return delegate.host();
        }

        @Override
        public String header(String name) {
            return delegate.header(name);
        }

        @Override
        public List<String> headers(String name) {
            return delegate.headers(name);
        }

        @Override
        public Collection<String> headerNames() {
            return delegate.headerNames();
        }

        @Override
        public long contentLength() {
            return delegate.contentLength();
        }

        @Override
        public InputStream requestBody() throws IOException {
            return delegate.requestBody();
        }

        @Override
        public String remoteAddress() {
            return delegate.remoteAddress();
        }

        @Override
        public Principal userPrincipal() {
            return delegate.userPrincipal();
        }

        @Override
        public HttpServletRequest servletRequest() {
            return null;
        }

        @Override
        public HttpServletResponse servletResponse() {
            return null;
        }

        @Override
        public void setStatus(int status) {
            delegate.setStatus(status);
        }

        @Override
        public void addHeader(String name, String value) {
            delegate.addHeader(name, value);
        }

        @Override
        public void setContentLength(long length) {
            delegate.setContentLength(length);
        }

        @Override
        public OutputStream responseBody() throws IOException {
            return delegate.responseBody();
        }

        @Override
        public AsyncHandle startAsync(Runnable onClientGone) {
            return delegate.startAsync(onClientGone);
        }

        @Override
        public void abort(Throwable cause) {
            delegate.abort(cause);
        }
    }
}
