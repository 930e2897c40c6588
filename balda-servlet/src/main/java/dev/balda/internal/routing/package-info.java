/**
 * The route table: path patterns, the backtracking segment trie and its matches.
 * <strong>Not API:</strong> public only for Balda's own modules; it changes without notice.
 * Applications register routes through {@code dev.balda.Balda}.
 */
package dev.balda.internal.routing;
