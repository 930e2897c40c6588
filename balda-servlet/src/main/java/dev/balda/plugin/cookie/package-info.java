/** The cookie plugin: request cookies, signed cookies with key rotation. */
package dev.balda.plugin.cookie;
