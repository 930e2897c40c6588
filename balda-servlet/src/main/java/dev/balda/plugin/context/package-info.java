/** The request-context plugin: per-request values reachable through a static accessor. */
package dev.balda.plugin.context;
