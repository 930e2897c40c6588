package dev.balda.benchmarks;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/**
 * Every thread of this JVM with its whole stack and what it waits for: what a benchmark process
 * writes to its log when a scenario fails, so a server that stopped answering can be diagnosed
 * from the run it failed in. ({@code ThreadInfo.toString()} cuts stacks at eight frames.)
 */
public final class ThreadDump {
    private ThreadDump() {
    }

    public static String of() {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
            LockInfo lock = thread.getLockInfo();
            if (lock != null) {
                dump.append(" on ").append(lock);
                if (thread.getLockOwnerName() != null) {
                    dump.append(" held by \"").append(thread.getLockOwnerName()).append('"');
                }
            }
            dump.append('\n');
            for (StackTraceElement frame : thread.getStackTrace()) {
                dump.append("    at ").append(frame).append('\n');
            }
            dump.append('\n');
        }
        return dump.toString();
    }
}
