/** The trust-proxy plugin: client address, scheme and host from trusted proxies' headers. */
package dev.balda.plugin.trustproxy;
