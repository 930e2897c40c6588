package dev.balda.websocket;

/**
 * Carries an application's topics across the nodes of a cluster: the service provider interface
 * of a cross-node topic bus (Balda's is {@code dev.balda.redis.RedisTopics} in {@code balda-redis}),
 * installed with {@link WebSockets#topics(TopicBus)}. Without one, topics live in this JVM and
 * nothing here is ever called. With one, a publish is first delivered to this node's subscribers,
 * then handed to {@link #published} for the other nodes; the bus hands what other nodes published
 * to {@link LocalTopics#deliver}, which reaches this node's subscribers only. The bus learns when a
 * topic gains its first and loses its last local subscriber, so it need listen only to the topics
 * this node has subscribers for.
 *
 * <p>Every method is called on a request, WebSocket or container thread and must return at once:
 * never block on the network, never wait for a lock held across I/O, never throw. A bus that cannot
 * keep up drops and counts; it never slows local delivery. It must not deliver a message back to
 * the node that published it (local subscribers already have it), and should keep the order of the
 * messages one publisher sends to one topic.
 */
public interface TopicBus {

    /**
     * Called once, when the bus is installed and before any other method, with the node's topics.
     * The bus may start connecting here; the application starts whether or not it succeeds.
     */
    void start(LocalTopics local);

    /** A text message was published on this node; its local subscribers have it already. */
    void published(String topic, String text);

    /**
     * A binary message was published on this node; its local subscribers have it already. The
     * array is shared with their send queues: read it, never change it.
     */
    void published(String topic, byte[] data);

    /**
     * The topic gained its first subscriber on this node. Called once per such change, after it is
     * visible in {@link LocalTopics#subscriberCount}; but the reports of one topic's changes made on
     * different threads may arrive in any order (a first subscriber that leaves at once can be
     * reported after its leaving), so a bus acts on the count it reads, not on which call came last.
     */
    void subscribed(String topic);

    /** The topic lost its last subscriber on this node; see {@link #subscribed}. */
    void unsubscribed(String topic);

    /**
     * The application stops; every socket has been closed. Release connections and threads, and
     * deliver nothing more through {@link LocalTopics}.
     */
    void stop();

    /** This node's topics, as a {@link TopicBus} sees them. */
    interface LocalTopics {

        /**
         * Delivers a text message another node published to this node's subscribers of the topic.
         * Never blocks: each subscriber's send queue takes it or drops it (backpressure).
         *
         * @return how many sockets of this node took it
         */
        int deliver(String topic, String text);

        /**
         * Delivers a binary message another node published to this node's subscribers of the
         * topic. The array is handed over: the caller must not change it afterwards.
         *
         * @return how many sockets of this node took it
         */
        int deliver(String topic, byte[] data);

        /** How many sockets of this node are subscribed to the topic now. */
        int subscriberCount(String topic);
    }
}
