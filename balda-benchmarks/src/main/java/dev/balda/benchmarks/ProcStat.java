package dev.balda.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU figures from Linux's {@code /proc}, for processes that cannot report their own (wrk) and for
 * the whole machine (to show how much other processes took). Times are in nanoseconds; the kernel
 * counts in ticks of 10 ms ({@code USER_HZ} is 100 on Linux), precise enough over whole seconds.
 */
final class ProcStat {
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcStat() {
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/stat"));
    }

    /** CPU time (user + system) of each thread of a process, by thread id; empty once it ended. */
    static Map<String, Long> threadCpu(long pid) {
        Map<String, Long> cpu = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                long nanos = statCpu(task.resolve("stat"));
                if (nanos >= 0) {
                    cpu.put(task.getFileName().toString(), nanos);
                }
            }
        } catch (IOException ended) {
            // The process is gone: nothing to add.
        }
        return cpu;
    }

    private static long statCpu(Path stat) {
        try {
            String line = Files.readString(stat);
            // Fields after the command name (which may hold spaces) start after the last ')'.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy CPU time of the whole machine (all cores, everything but idle and iowait), or -1. */
    static long machineBusy() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
