/**
 * The in-process mock server: {@link dev.balda.testkit.mock.MockServer} runs requests built with
 * {@link dev.balda.testkit.mock.MockRequest} through a Balda application's real pipeline, without a
 * socket or container, and returns a {@link dev.balda.testkit.mock.MockResponse} with readers and
 * chainable assertions.
 */
package dev.balda.testkit.mock;
