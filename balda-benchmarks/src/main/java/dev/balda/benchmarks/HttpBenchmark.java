package dev.balda.benchmarks;

/** The HTTP scenarios on one container: check the answers, then warm up and measure in rounds. */
final class HttpBenchmark {
    private final BenchmarkOptions options;
    private final HttpGenerator generator;
    private final Report report;
    private final Progress progress;

    HttpBenchmark(BenchmarkOptions options, HttpGenerator generator, Report report, Progress progress) {
        this.options = options;
        this.generator = generator;
        this.report = report;
        this.progress = progress;
    }

    void run(ServerPair servers) throws Exception {
        for (HttpScenario scenario : HttpScenarios.all()) {
            if (!options.runs(scenario.id())) {
                continue;
            }
            try {
                ResponseCheck.Outcome check = ResponseCheck.compare(scenario, servers.baseline.port(),
                        servers.balda.port());
                report.add(new Report.Check(servers.container, scenario.title(), check.problem()));
                if (!check.matched()) {
                    progress.say(servers.container + " " + scenario.id() + ": answers differ, not measured: "
                            + check.problem());
                    continue;
                }
                if (check.note() != null) {
                    report.note(servers.container + " " + scenario.title() + ": status, type, length and body match; "
                            + check.note());
                }
                Measured baseline = new Measured();
                Measured balda = new Measured();
                Rounds.run(options, millis -> measure(servers.baseline, scenario, millis), baseline,
                        millis -> measure(servers.balda, scenario, millis), balda, progress,
                        servers.container + " " + scenario.id());
                report.add(new Report.ThroughputRow(servers.container, scenario.title(), "req/s", baseline, balda,
                        Report.Promise.HTTP));
            } catch (Exception e) {
                report.failed(servers.container, scenario.title(), e);
                progress.say(servers.container + " " + scenario.id() + " failed: " + e);
            }
        }
    }

    private Sample measure(ServerProcess server, HttpScenario scenario, long millis) throws Exception {
        return ServerPair.measure(server, () -> {
            HttpGenerator.Run run = generator.run(scenario, server.port(), millis);
            return new ServerPair.LoadResult(run.requests(), run.errors(), run.seconds(), run.busiestThread(),
                    run.cpuNanos());
        });
    }
}
