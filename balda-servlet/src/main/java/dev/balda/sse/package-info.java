/** Server-sent events: the stream a handler gets from {@code res.sse()} and the events it sends. */
package dev.balda.sse;
