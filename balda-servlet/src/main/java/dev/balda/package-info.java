/**
 * Where a Balda application starts: {@link dev.balda.Balda} (the application, its routes, groups
 * and middleware), {@link dev.balda.BaldaApplication} (an application class for zero-configuration
 * WARs), {@link dev.balda.BaldaOptions} and {@link dev.balda.RouteOptions}. The request, response,
 * handler and middleware contract is in {@code dev.balda.http}.
 */
package dev.balda;
