package dev.balda;

import dev.balda.transport.Exchange;
import dev.balda.transport.InMemoryExchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Principal;
import java.util.Collection;
import java.util.List;

/**
 * An {@link Exchange} that forwards to an {@link InMemoryExchange}, for tests that need a transport
 * behaving like a servlet container in one respect: the request body is one stream that can be
 * consumed once, and {@code startAsync} may be unsupported.
 */
class DelegatingExchange implements Exchange {
    final InMemoryExchange delegate;
    private final boolean asyncSupported;
    private InputStream body;
    int requestBodyCalls;

    DelegatingExchange(InMemoryExchange delegate, boolean asyncSupported) {
        this.delegate = delegate;
        this.asyncSupported = asyncSupported;
    }

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

    /** Like a servlet request: the same stream every time, so what was read is gone. */
    @Override
    public InputStream requestBody() {
        requestBodyCalls++;
        if (body == null) {
            body = delegate.requestBody();
        }
        return new FilterInputStream(body) {
            @Override
            public void close() {
                // A container's input stream survives a close by the application.
            }
        };
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
    public OutputStream responseBody() {
        return delegate.responseBody();
    }

    @Override
    public AsyncHandle startAsync(Runnable onClientGone) {
        return asyncSupported ? delegate.startAsync(onClientGone) : null;
    }

    @Override
    public void abort(Throwable cause) throws IOException {
        delegate.abort(cause);
    }
}
