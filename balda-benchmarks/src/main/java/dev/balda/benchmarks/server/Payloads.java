package dev.balda.benchmarks.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the benchmark applications answer, shared by the baseline and the Balda server so both
 * compute the same values, and by the harness, which checks the answers against it.
 */
public final class Payloads {
    /** The context paths of the three applications each server runs. */
    public static final String MAIN_CONTEXT = "";
    public static final String MIDDLEWARE_CONTEXT = "/mw";
    public static final String TABLE_CONTEXT = "/table";
    /** Static files: the container's default servlet (baseline) or Balda's static plugin. */
    public static final String STATIC_CONTEXT = "/files";

    /** The static files, in the static context's root, and their sizes. */
    public static final String STATIC_SMALL = "1k.bin";
    public static final int STATIC_SMALL_SIZE = 1024;
    public static final String STATIC_LARGE = "1m.bin";
    public static final int STATIC_LARGE_SIZE = 1024 * 1024;

    public static final String HELLO = "Hello, World!";
    public static final String TEXT_TYPE = "text/plain; charset=utf-8";
    public static final String JSON_TYPE = "application/json";

    /** The 80-byte JSON body of {@code POST /json}. */
    public static final String POST_BODY =
            "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"age\":36,\"tags\":[\"math\",\"art\"]}";

    /** How many global middleware the middleware scenario chains. */
    public static final int MIDDLEWARE_COUNT = 5;

    /** The route table: the first half {@code /api/r<i>/:id}, the second {@code /api/r<i>/:id/items/:itemId}. */
    public static final int TABLE_ROUTES = 200;

    /** WebSocket paths in the main context: echo, fan-out subscribers and publisher, idle sockets. */
    public static final String WS_ECHO = "/ws/echo";
    /** The same echo, the baseline sending asynchronously with one send in flight, as Balda does. */
    public static final String WS_ECHO_ASYNC = "/ws/echo-async";
    public static final String WS_SUBSCRIBE = "/ws/sub";
    public static final String WS_PUBLISH = "/ws/pub";
    public static final String WS_IDLE = "/ws/idle";
    public static final String TOPIC = "bench";

    static {
        int length = POST_BODY.getBytes(StandardCharsets.UTF_8).length;
        if (length != 80) {
            throw new IllegalStateException("POST_BODY must be 80 bytes, it is " + length);
        }
    }

    private Payloads() {
    }

    /** A static file's bytes: printable ASCII, the same in every process, so the answers can be compared. */
    public static byte[] staticFile(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('!' + (i * 7 + i / 97) % 94);
        }
        return bytes;
    }

    /** Writes the static files into a directory (each server process writes its own copy). */
    public static Path writeStaticFiles(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(STATIC_SMALL), staticFile(STATIC_SMALL_SIZE));
        Files.write(directory.resolve(STATIC_LARGE), staticFile(STATIC_LARGE_SIZE));
        return directory;
    }

    public static Map<String, Object> jsonMessage() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message", HELLO);
        return message;
    }

    public static Map<String, Object> userPost(String userId, String postId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", userId);
        body.put("postId", postId);
        return body;
    }

    /** The path of route {@code i} of the table, in Balda's syntax. */
    public static String tableRoute(int i) {
        return i < TABLE_ROUTES / 2 ? "/api/r" + i + "/:id" : "/api/r" + i + "/:id/items/:itemId";
    }

    public static boolean tableRouteHasItem(int i) {
        return i >= TABLE_ROUTES / 2;
    }

    public static Map<String, Object> tableAnswer(String resource, String id, String itemId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resource", resource);
        body.put("id", id);
        if (itemId != null) {
            body.put("itemId", itemId);
        }
        return body;
    }
}
