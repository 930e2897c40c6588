/**
 * The plugin contract: {@link dev.balda.plugin.Plugin}, middleware with a name, requirements and a
 * life cycle. The built-in plugins live in the packages below this one, one package each.
 */
package dev.balda.plugin;
