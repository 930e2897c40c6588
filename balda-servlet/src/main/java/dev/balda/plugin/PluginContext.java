package dev.balda.plugin;

import dev.balda.BaldaOptions;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a starting plugin gets from its application: the options, and a scheduler for periodic work
 * (sweeping expired sessions, say). The scheduler is one daemon thread shared by the application's
 * plugins and shut down when the application stops, so a task must be short and must not block.
 */
public interface PluginContext {

    BaldaOptions options();

    /** The application's scheduler for plugins' periodic work, created on first use. */
    ScheduledExecutorService scheduler();
}
