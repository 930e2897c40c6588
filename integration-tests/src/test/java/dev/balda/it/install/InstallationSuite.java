package dev.balda.it.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import dev.balda.testkit.shrinkwrap.BaldaArchives;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways to install Balda, each as a real WAR deployed the way the container deploys WARs:
 * zero configuration (the initializer finds the application), web.xml in an existing servlet
 * application (pass-through mode beside its own servlet and static files), and the refusal of an
 * ambiguous WAR. Programmatic registration is what every other suite uses.
 */
abstract class InstallationSuite {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    abstract ContainerType type();

    private HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.ofString());
    }

    @Test
    void zeroConfigurationWarRegistersTheFilterByItself() throws Exception {
        WebArchive war = BaldaArchives.war("zero.war", ZeroConfigApp.class);
        try (EmbeddedServer server = EmbeddedServer.builder(type()).war(BaldaArchives.export(war, dir))
                .contextPath("/zero").start()) {
            HttpResponse<String> hello = get(server, "/api/hello");
            assertThat(hello.statusCode()).as(hello.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(hello.body());
            assertThat(body.get("via").asText()).isEqualTo("zero-config");
            assertThat(body.get("contextPath").asText()).isEqualTo("/zero");

            HttpResponse<String> missing = get(server, "/whatever");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(missing.body()).get("code").asText()).isEqualTo("ROUTE_NOT_FOUND");
        }
    }

    @Test
    void webXmlInAnExistingApplicationPassesThroughToItsServletAndFiles() throws Exception {
        WebArchive war = BaldaArchives.war("legacy.war", WebXmlApp.class, LegacyEchoServlet.class,
                        // A second application class: the initializer must stay out of the way of web.xml.
                        ZeroConfigApp.class)
                .setWebXML(new StringAsset(webXml()))
                .addAsWebResource(new StringAsset("hello from a static file"), "static/hello.txt");
        try (EmbeddedServer server = EmbeddedServer.builder(type()).war(BaldaArchives.export(war, dir))
                .contextPath("/legacy").start()) {
            HttpResponse<String> hello = get(server, "/api/hello");
            assertThat(hello.statusCode()).as(hello.body()).isEqualTo(200);
            assertThat(JSON.readTree(hello.body()).get("via").asText()).isEqualTo("web.xml");
            assertThat(JSON.readTree(hello.body()).get("passThrough").asBoolean()).isTrue();

            HttpResponse<String> file = get(server, "/static/hello.txt");
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo("hello from a static file");

            byte[] payload = new byte[300_000];
            Arrays.fill(payload, (byte) 'x');
            for (int i = 0; i < payload.length; i += 997) {
                payload[i] = (byte) (i % 251);
            }
            HttpResponse<byte[]> echoed = http.send(HttpRequest.newBuilder(server.uri("/legacy/echo"))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), BodyHandlers.ofByteArray());
            assertThat(echoed.statusCode()).isEqualTo(200);
            assertThat(echoed.headers().firstValue("X-Served-By")).hasValue("legacy-servlet");
            assertThat(echoed.body()).as("the servlet got the body Balda left unread").isEqualTo(payload);

            HttpResponse<String> unknown = get(server, "/not-balda-not-legacy");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).as("the container answers paths Balda does not own").doesNotContain("ROUTE_NOT_FOUND");
        }
    }

    @Test
    void programmaticRegistrationAtAContextPathInPassThroughMode() throws Exception {
        Balda app = Balda.create(o -> o.passThrough(true));
        app.get("/items", (req, res) -> Map.of("path", req.path(), "contextPath", req.contextPath()));
        try (EmbeddedServer server = EmbeddedServer.builder(type()).contextPath("/shop").application(app)
                .initializer(context -> context.addServlet("echo", new LegacyEchoServlet()).addMapping("/legacy/echo"))
                .start()) {
            HttpResponse<String> items = get(server, "/items");
            assertThat(items.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(items.body()).get("path").asText()).isEqualTo("/items");
            assertThat(JSON.readTree(items.body()).get("contextPath").asText()).isEqualTo("/shop");
            // A client may spell the context another way; the container's mapping says where it ends.
            HttpResponse<String> spelled = http.send(HttpRequest.newBuilder(URI.create(server.baseUri().toString())
                    .resolve("/shop;v=1/items")).timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
            assertThat(spelled.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(spelled.body()).get("path").asText()).isEqualTo("/items");

            HttpResponse<String> echoed = http.send(HttpRequest.newBuilder(server.uri("/legacy/echo"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("intact body")).build(),
                    BodyHandlers.ofString());
            assertThat(echoed.headers().firstValue("X-Served-By")).hasValue("legacy-servlet");
            assertThat(echoed.body()).isEqualTo("intact body");
        }
    }

    @Test
    void twoApplicationClassesWithoutWebXmlFailTheDeployment() {
        WebArchive war = BaldaArchives.war("ambiguous.war", ZeroConfigApp.class, WebXmlApp.class);
        Path file = BaldaArchives.export(war, dir);
        assertThatThrownBy(() -> EmbeddedServer.builder(type()).war(file).contextPath("/ambiguous").start().close())
                .isInstanceOf(IllegalStateException.class);
    }

    private static String webXml() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0">
                  <filter>
                    <filter-name>balda</filter-name>
                    <filter-class>dev.balda.servlet.BaldaFilter</filter-class>
                    <async-supported>true</async-supported>
                    <init-param>
                      <param-name>application</param-name>
                      <param-value>dev.balda.it.install.WebXmlApp</param-value>
                    </init-param>
                    <init-param>
                      <param-name>passThrough</param-name>
                      <param-value>true</param-value>
                    </init-param>
                  </filter>
                  <filter-mapping>
                    <filter-name>balda</filter-name>
                    <url-pattern>/*</url-pattern>
                    <dispatcher>REQUEST</dispatcher>
                    <dispatcher>ASYNC</dispatcher>
                  </filter-mapping>
                  <servlet>
                    <servlet-name>echo</servlet-name>
                    <servlet-class>dev.balda.it.install.LegacyEchoServlet</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>echo</servlet-name>
                    <url-pattern>/legacy/echo</url-pattern>
                  </servlet-mapping>
                </web-app>
                """;
    }
}
