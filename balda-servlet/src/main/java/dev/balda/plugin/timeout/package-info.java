/** The timeout plugin: requests marked, or answered 503, at a deadline. */
package dev.balda.plugin.timeout;
