package dev.balda.plugin;

import java.io.IOException;
import java.io.InputStream;

/**
 * A body that is opened only when the response is written, after the chain and the plugins'
 * {@code after} steps, and streamed from there: a file, part of a file, a resource in a WAR or
 * jar. Set with {@link ResponseHooks#streamBody}.
 */
@FunctionalInterface
public interface BodySource {

    /**
     * Opens the body at its first byte. The engine reads exactly the declared length (a source
     * that ends sooner fails the response, which the client sees as a broken one) and closes the
     * stream. Not called for {@code HEAD}.
     */
    InputStream open() throws IOException;
}
