/** The session plugin, its asynchronous store interface and the bounded in-memory store. */
package dev.balda.plugin.session;
