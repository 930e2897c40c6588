package dev.balda.example;

import dev.balda.redis.RedisTopics;
import dev.balda.websocket.WebSockets;

/**
 * Runs the example as one node of several: the chat's topics go through Redis, so members on
 * different nodes talk to each other. Used only when a Redis URI is configured; apart from
 * {@link ExampleApp} so that a WAR without {@code balda-redis} (the Arquillian test's) still runs
 * as a single node.
 */
final class ScaleOut {
    private ScaleOut() {
    }

    static void topicsThroughRedis(WebSockets ws, String redisUri) {
        ws.topics(RedisTopics.connect(redisUri));
    }
}
