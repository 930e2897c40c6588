package dev.balda.benchmarks;

/**
 * One measured interval of one server.
 *
 * @param throughput    operations per second (requests, echoed messages, deliveries)
 * @param cpuMicros     server CPU time per operation, in microseconds
 * @param generatorBusy the busiest load-generator thread's CPU, as a fraction of one core
 * @param errors        failed operations (non-2xx answers, socket errors)
 * @param serverCores   cores the server used on average
 * @param otherCores    cores used by everything but the server and the generator (other work on
 *                      the machine), or NaN where {@code /proc} is missing
 */
record Sample(double throughput, double cpuMicros, double generatorBusy, long errors, double serverCores,
              double otherCores) {
}
