/**
 * The seam between the pipeline and a transport: implement {@link dev.balda.transport.Exchange} to
 * run Balda on something other than a servlet container, and pass it to
 * {@code Balda.handle(Exchange)}.
 */
package dev.balda.transport;
