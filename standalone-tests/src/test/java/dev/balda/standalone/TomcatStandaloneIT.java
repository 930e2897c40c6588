package dev.balda.standalone;

/** The WAR on the standalone Apache Tomcat 11 distribution. */
class TomcatStandaloneIT extends StandaloneWarChecks {
    @Override
    Distribution distribution() {
        return new TomcatDistribution(systemPath("standalone.tomcat.home"));
    }
}
