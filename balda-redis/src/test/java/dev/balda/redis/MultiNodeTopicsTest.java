package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.redis.testing.Await;
import dev.balda.redis.testing.RedisServer;
import dev.balda.redis.testing.RedisServerExtension;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.websocket.ReceivedMessage;
import dev.balda.testkit.websocket.TestWebSocket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes on one real Redis, as a load balancer would spread users over them: Jetty (A),
 * Tomcat (B) and Jetty (C), each its own Balda application with its own Redis connection. A
 * client on one node gets what a client or the application on another published, text and binary
 * byte for byte, each publisher's messages in order, once.
 */
class MultiNodeTopicsTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static TopicNode a;
    private static TopicNode b;
    private static TopicNode c;

    @BeforeAll
    static void startNodes() {
        a = TopicNode.start(ContainerType.JETTY, REDIS.server().uri());
        b = TopicNode.start(ContainerType.TOMCAT, REDIS.server().uri());
        c = TopicNode.start(ContainerType.JETTY, REDIS.server().uri());
    }

    @AfterAll
    static void stopNodes() {
        for (TopicNode node : new TopicNode[] {a, b, c}) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static String channel(String topic) {
        return "balda:topic:" + topic;
    }

    @Test
    void textAndBinaryFromAClientOnOneNodeReachTheOthersByteForByteOnce(RedisServer redis) throws Exception {
        try (TestWebSocket onA = a.join("bytes");
             TestWebSocket publisher = b.join("bytes");
             TestWebSocket alsoOnB = b.join("bytes");
             TestWebSocket onC = c.join("bytes")) {
            Await.subscribers(redis, channel("bytes"), 3);

            String text = "héllo \u4e16\u754c \ud83d\ude80 \"quotes\" \\ and a NUL \u0000";
            byte[] binary = new byte[256 + 65_536];
            for (int i = 0; i < 256; i++) {
                binary[i] = (byte) i;
            }
            byte[] random = new byte[65_536];
            new Random(13).nextBytes(random);
            System.arraycopy(random, 0, binary, 256, random.length);

            publisher.sendText(text);
            publisher.sendBinary(binary);
            assertThat(onA.awaitText()).isEqualTo(text);
            assertThat(onA.awaitMessage().bytes()).isEqualTo(binary);
            // Redis ran B's two publishes before this one, and sends every listener its messages in
            // the order it ran them: on every node the marker comes after B's two messages, and after
            // any copy of them Redis sent back to B.
            onA.sendText("marker from A");

            for (TestWebSocket socket : List.of(onC, alsoOnB)) {
                assertThat(socket.awaitText()).isEqualTo(text);
                ReceivedMessage bytes = socket.awaitMessage();
                assertThat(bytes.isBinary()).isTrue();
                assertThat(bytes.bytes()).isEqualTo(binary);
                // Nothing between: no message was delivered twice, on B (whose own messages Redis
                // also sends back to it) or elsewhere.
                assertThat(socket.awaitText()).isEqualTo("marker from A");
            }
            assertThat(publisher.awaitText()).as("publishToSelf is off: the publisher gets only the marker")
                    .isEqualTo("marker from A");
        }
    }

    @Test
    void theApplicationPublishesFromHttpToEveryNode(RedisServer redis) throws Exception {
        try (TestWebSocket onA = a.join("news");
             TestWebSocket onB = b.join("news");
             TestWebSocket onC = c.join("news")) {
            Await.subscribers(redis, channel("news"), 3);

            HttpResponse<String> text = c.publish("news", "extra, extra");
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.body()).as("publish counts this node's sockets only").isEqualTo("{\"reached\":1}");
            byte[] data = {0, (byte) 0xff, 10, 13, 0};
            assertThat(c.publishBinary("news", data).body()).isEqualTo("{\"reached\":1}");

            for (TestWebSocket socket : List.of(onA, onB, onC)) {
                assertThat(socket.awaitText()).isEqualTo("extra, extra");
                assertThat(socket.awaitMessage().bytes()).isEqualTo(data);
            }
        }
    }

    @Test
    void eachPublishersMessagesArriveInOrderOnEveryNode(RedisServer redis) throws Exception {
        int count = 500;
        try (TestWebSocket onA = a.join("order");
             TestWebSocket fromB = b.join("order");
             TestWebSocket fromC = c.join("order")) {
            Await.subscribers(redis, channel("order"), 3);

            Thread cSends = new Thread(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        fromC.sendText("c" + i);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            cSends.start();
            for (int i = 0; i < count; i++) {
                fromB.sendText("b" + i);
            }
            cSends.join();

            int nextB = 0;
            int nextC = 0;
            for (int i = 0; i < 2 * count; i++) {
                String message = onA.awaitText();
                if (message.startsWith("b")) {
                    assertThat(message).isEqualTo("b" + nextB++);
                } else {
                    assertThat(message).isEqualTo("c" + nextC++);
                }
            }
            assertThat(nextB).isEqualTo(count);
            assertThat(nextC).isEqualTo(count);
            for (int i = 0; i < count; i++) {
                assertThat(fromC.awaitText()).isEqualTo("b" + i);
                assertThat(fromB.awaitText()).isEqualTo("c" + i);
            }
        }
    }

    @Test
    void aNodeListensInRedisOnlyWhileItHasSubscribersToTheTopic(RedisServer redis) throws Exception {
        assertThat(redis.subscribers(channel("solo"))).isZero();
        try (TestWebSocket first = a.join("solo")) {
            Await.subscribers(redis, channel("solo"), 1);
            TestWebSocket second = a.join("solo");
            // A second subscriber on the same node changes nothing in Redis, nor does its leaving.
            assertThat(redis.subscribers(channel("solo"))).isEqualTo(1);
            second.close();
            Await.until("the second socket left node A", () -> a.ws.subscriberCount("solo") == 1);
            // A still listens: its last subscriber has not left.
            assertThat(b.publish("solo", "to A only").body()).isEqualTo("{\"reached\":0}");
            assertThat(first.awaitText()).isEqualTo("to A only");
            assertThat(redis.subscribers(channel("solo"))).isEqualTo(1);
        }
        Await.subscribers(redis, channel("solo"), 0);
    }
}
