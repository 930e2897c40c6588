/** The body parser plugin: JSON, forms, multipart uploads, text and bytes, each bounded. */
package dev.balda.plugin.body;
