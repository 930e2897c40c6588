package dev.balda.standalone;

/** The WAR on the standalone Jetty 12 distribution ({@code jetty-home}, ee10 environment). */
class JettyStandaloneIT extends StandaloneWarChecks {
    @Override
    Distribution distribution() {
        return new JettyDistribution(systemPath("standalone.jetty.home"));
    }
}
