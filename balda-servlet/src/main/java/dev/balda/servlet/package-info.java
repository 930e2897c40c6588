/**
 * Installing Balda in a servlet container: {@link dev.balda.servlet.BaldaFilter} (in
 * {@code web.xml} or registered programmatically) and {@link dev.balda.servlet.BaldaInitializer},
 * which registers it for a zero-configuration WAR.
 */
package dev.balda.servlet;
