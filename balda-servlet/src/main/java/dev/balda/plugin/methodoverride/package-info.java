/** The method-override plugin: a POST routed as PUT, PATCH or DELETE, same-site only. */
package dev.balda.plugin.methodoverride;
