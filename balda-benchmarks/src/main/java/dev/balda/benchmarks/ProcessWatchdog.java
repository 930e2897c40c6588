package dev.balda.benchmarks;

/**
 * Ends a child process of the harness after its maximum lifetime, whatever became of the harness:
 * no benchmark process outlives a bounded run.
 */
public final class ProcessWatchdog {
    private ProcessWatchdog() {
    }

    public static void start(String what, long maxSeconds) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(maxSeconds * 1000);
                System.err.println(what + " ran for its maximum of " + maxSeconds + " s; exiting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException done) {
                // The process is ending anyway.
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
