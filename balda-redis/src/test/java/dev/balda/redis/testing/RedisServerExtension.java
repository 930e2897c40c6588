package dev.balda.redis.testing;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
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
public final class RedisServerExtension
        implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {
    private static final String WHY = "These tests need a real redis-server: " + RedisServer.INSTALL_HINT;

    private RedisServer server;

    private static boolean underCi() {
        return "true".equals(System.getenv("CI"));
    }

    /** Without a redis-server the class is skipped, and the test report gives the reason; under CI it runs, and fails. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (RedisServer.executable().isPresent() || underCi()) {
            return ConditionEvaluationResult.enabled("redis-server found (or CI, where its absence fails)");
        }
        return ConditionEvaluationResult.disabled(WHY + "; skipped here");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (RedisServer.executable().isEmpty()) {
            fail(WHY + "; under CI (CI=true) it must be installed");
        }
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
