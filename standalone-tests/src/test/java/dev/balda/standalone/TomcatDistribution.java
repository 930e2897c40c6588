package dev.balda.standalone;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Apache Tomcat distribution as {@code CATALINA_HOME}, with a {@code CATALINA_BASE} of our own:
 * the distribution's {@code conf/} copied, {@code server.xml}'s HTTP connector moved from 8080 to the
 * free port on 127.0.0.1 and the shutdown port 8005 disabled ({@code -1}), and only our WAR in
 * {@code webapps/}. Started as {@code catalina.sh} would, without the script:
 * {@code org.apache.catalina.startup.Bootstrap start} with {@code bin/bootstrap.jar} and
 * {@code bin/tomcat-juli.jar} on the class path.
 */
final class TomcatDistribution extends Distribution {
    TomcatDistribution(Path home) {
        super(home);
        requiredFile(home.resolve("bin/bootstrap.jar"));
        requiredFile(home.resolve("bin/tomcat-juli.jar"));
        requiredFile(home.resolve("conf/server.xml"));
    }

    @Override
    String name() {
        return "tomcat";
    }

    @Override
    void prepareBase(Path base, Path war, int port, Path work) throws IOException {
        Path conf = Files.createDirectories(base.resolve("conf"));
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, conf.resolve(file.getFileName()));
                }
            }
        }
        for (String dir : List.of("logs", "temp", "work", "webapps")) {
            Files.createDirectories(base.resolve(dir));
        }
        rewriteServerXml(conf.resolve("server.xml"), port);
        Files.copy(war, base.resolve("webapps").resolve("war-example.war"));
    }

    /** The HTTP connector on {@code 127.0.0.1:port}, the shutdown port disabled. */
    static void rewriteServerXml(Path serverXml, int port) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            Document doc;
            try (InputStream in = Files.newInputStream(serverXml)) {
                doc = factory.newDocumentBuilder().parse(in);
            }
            Element server = doc.getDocumentElement();
            if (!"Server".equals(server.getTagName()) || !"8005".equals(server.getAttribute("port"))) {
                throw new IllegalStateException("Unexpected <Server> in " + serverXml + ": port=" + server.getAttribute("port"));
            }
            server.setAttribute("port", "-1");

            int http = 0;
            NodeList connectors = doc.getElementsByTagName("Connector");
            for (int i = 0; i < connectors.getLength(); i++) {
                Element connector = (Element) connectors.item(i);
                if ("8080".equals(connector.getAttribute("port"))) {
                    connector.setAttribute("port", Integer.toString(port));
                    connector.setAttribute("address", "127.0.0.1");
                    http++;
                } else {
                    throw new IllegalStateException("Unexpected active connector on port " + connector.getAttribute("port")
                            + " in " + serverXml);
                }
            }
            if (http != 1) {
                throw new IllegalStateException("Expected one HTTP connector on 8080 in " + serverXml + ", found " + http);
            }

            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            try (OutputStream out = Files.newOutputStream(serverXml)) {
                transformer.transform(new DOMSource(doc), new StreamResult(out));
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("Cannot rewrite " + serverXml, e);
        }
    }

    @Override
    List<String> command(Path base, int port, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        // What catalina.sh adds for Java 17 (its `run`/`start` without the script).
        command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.util=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.util.concurrent=ALL-UNNAMED");
        command.add("--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED");
        command.add("-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"));
        command.add("-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager");
        command.add("-Djdk.tls.ephemeralDHKeySize=2048");
        command.add("-Djava.protocol.handler.pkgs=org.apache.catalina.webresources");
        // A port that cannot be bound ends the process instead of leaving Tomcat up without a connector.
        command.add("-Dorg.apache.catalina.startup.EXIT_ON_INIT_FAILURE=true");
        command.add("-classpath");
        command.add(home.resolve("bin/bootstrap.jar") + File.pathSeparator + home.resolve("bin/tomcat-juli.jar"));
        command.add("-Dcatalina.home=" + home);
        command.add("-Dcatalina.base=" + base);
        command.add("-Djava.io.tmpdir=" + base.resolve("temp"));
        command.add("org.apache.catalina.startup.Bootstrap");
        command.add("start");
        return command;
    }
}
