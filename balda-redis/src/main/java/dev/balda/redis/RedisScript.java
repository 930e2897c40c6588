package dev.balda.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script the stores run in Redis, where it executes atomically: no other command runs
 * between its steps, whichever node sent it. Sent by its SHA-1 ({@code EVALSHA}); when Redis does
 * not know it ({@code NOSCRIPT}: the first call, or after Redis restarted or its script cache
 * was flushed) it is sent whole once ({@code EVAL}), which also loads it for the next calls.
 */
final class RedisScript {
    private final byte[] source;
    private final String sha;
    private final ScriptOutputType output;

    private RedisScript(String source, ScriptOutputType output) {
        this.source = source.getBytes(StandardCharsets.UTF_8);
        this.sha = sha1(this.source);
        this.output = output;
    }

    static RedisScript of(ScriptOutputType output, String source) {
        return new RedisScript(source, output);
    }

    /** The script's SHA-1, as Redis names it. */
    String sha() {
        return sha;
    }

    /** Runs the script with these keys and arguments; the stage fails as a command's does. */
    <T> CompletableFuture<T> run(RedisConnection connection, byte[][] keys, byte[]... args) {
        CompletableFuture<T> bySha = connection.call(c -> c.evalsha(sha, output, keys, args));
        return bySha.exceptionallyCompose(failure -> unknown(failure)
                ? connection.<T>call(c -> c.eval(source, output, keys, args))
                : CompletableFuture.failedFuture(failure));
    }

    private static boolean unknown(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof RedisNoScriptException
                || (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT"));
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-1", e);
        }
    }
}
