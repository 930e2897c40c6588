package dev.balda.redis.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real {@link RedisServer} for a test class: started before the first test, stopped after the
 * last (whether tests passed or not), and running again at the start of every test even when the
 * one before killed or froze it. Register it in a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisServerExtension REDIS = new RedisServerExtension();
 *
 * @Test
 * void something(RedisServer redis) { ... redis.uri() ... }
 * }</pre>
 *
 * <p>Where no {@code redis-server} is installed the class's tests are skipped, with a message
 * saying how to install it; under CI (the environment variable {@code CI} is {@code true}) they
 * fail instead, since CI installs it and a test must never drop out of CI silently.
 */
public final class RedisServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {
    private RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        boolean present = RedisServer.executable().isPresent();
        String why = "These tests need a real redis-server: " + RedisServer.INSTALL_HINT;
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(why + "; under CI it is missing");
        }
        assumeTrue(present, why + "; skipped here");
        server = RedisServer.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.ensureRunning();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server; only between the class's start and end. */
    public RedisServer server() {
        if (server == null) {
            throw new IllegalStateException("No redis-server: the extension starts one for the test class");
        }
        return server;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RedisServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }
}
