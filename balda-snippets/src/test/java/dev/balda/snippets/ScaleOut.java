package dev.balda.snippets;

import dev.balda.Balda;
import dev.balda.redis.RedisConnection;
import dev.balda.redis.RedisOptions;
import dev.balda.redis.RedisTopics;
import dev.balda.websocket.WebSockets;

/** The README's "Scaling out": topics across nodes on Redis, alone and on a shared connection. */
final class ScaleOut {
    private ScaleOut() {
    }

    static void oneLine(Balda app) {
        // tag::scale-out[]
        WebSockets.on(app).topics(RedisTopics.connect("redis://127.0.0.1:6379"));
        // end::scale-out[]
    }

    static void sharedConnection(Balda app) {
        // tag::scale-out-shared[]
        RedisConnection redis = RedisConnection.open(RedisOptions.builder()
                .uri("redis://:s3cret@redis.internal:6379/0")
                .maxQueuedMessages(50_000)
                .build());
        WebSockets.on(app).topics(RedisTopics.on(redis));
        app.onStop(redis::close);   // runs after the sockets and the bus have stopped
        // end::scale-out-shared[]
    }
}
