package dev.balda.benchmarks.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's scenarios written by hand on the servlet and JSR-356 APIs, the way an
 * application without a framework would: one servlet per resource, paths split by hand, Jackson
 * for JSON, filters for the middleware chain, programmatic endpoints for WebSockets. Each servlet
 * makes the same response calls Balda makes, so both answer with the same bytes.
 */
final class BaselineServerApp implements ServerApp {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] HELLO = Payloads.HELLO.getBytes(StandardCharsets.UTF_8);

    @Override
    public void configure(String contextPath, ServletContext context) {
        switch (contextPath) {
            case Payloads.MAIN_CONTEXT -> main(context);
            case Payloads.MIDDLEWARE_CONTEXT -> middleware(context);
            case Payloads.TABLE_CONTEXT -> context.addServlet("table", new TableServlet()).addMapping("/*");
            case Payloads.STATIC_CONTEXT -> {
                // Nothing of its own: the container's default servlet serves the files.
            }
            default -> throw new IllegalArgumentException("No baseline application for context " + contextPath);
        }
    }

    private static void main(ServletContext context) {
        context.addServlet("hello", new HelloServlet()).addMapping("/hello");
        context.addServlet("json", new JsonServlet()).addMapping("/json");
        context.addServlet("users", new UsersServlet()).addMapping("/users/*");
        context.addServlet("search", new SearchServlet()).addMapping("/search");
        context.addListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                ServerContainer container = (ServerContainer) event.getServletContext()
                        .getAttribute(ServerContainer.class.getName());
                try {
                    container.addEndpoint(ServerEndpointConfig.Builder
                            .create(BaselineEndpoints.Echo.class, Payloads.WS_ECHO).build());
                    container.addEndpoint(ServerEndpointConfig.Builder
                            .create(BaselineEndpoints.AsyncEcho.class, Payloads.WS_ECHO_ASYNC).build());
                    container.addEndpoint(ServerEndpointConfig.Builder
                            .create(BaselineEndpoints.Subscriber.class, Payloads.WS_SUBSCRIBE).build());
                    container.addEndpoint(ServerEndpointConfig.Builder
                            .create(BaselineEndpoints.Publisher.class, Payloads.WS_PUBLISH).build());
                    container.addEndpoint(ServerEndpointConfig.Builder
                            .create(BaselineEndpoints.Idle.class, Payloads.WS_IDLE).build());
                } catch (DeploymentException e) {
                    throw new IllegalStateException("Could not deploy the baseline endpoints", e);
                }
            }
        });
    }

    private static void middleware(ServletContext context) {
        for (int i = 0; i < Payloads.MIDDLEWARE_COUNT; i++) {
            String name = "mw" + i;
            Filter layer = (request, response, chain) -> {
                request.setAttribute(name, Boolean.TRUE);
                chain.doFilter(request, response);
            };
            FilterRegistration.Dynamic registration = context.addFilter(name, layer);
            registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        }
        context.addServlet("hello", new HelloServlet()).addMapping("/hello");
    }

    /** The calls Balda's buffered response makes when it finishes: status, headers, length, bytes. */
    static void send(HttpServletResponse response, int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        response.addHeader("Content-Type", contentType);
        response.setContentLengthLong(body.length);
        response.getOutputStream().write(body);
    }

    static void sendJson(HttpServletResponse response, Object value) throws IOException {
        send(response, 200, Payloads.JSON_TYPE, MAPPER.writeValueAsBytes(value));
    }

    static void notFound(HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "ROUTE_NOT_FOUND");
        body.put("message", "Not Found");
        send(response, 404, Payloads.JSON_TYPE, MAPPER.writeValueAsBytes(body));
    }

    static final class HelloServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            send(resp, 200, Payloads.TEXT_TYPE, HELLO);
        }
    }

    static final class JsonServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            sendJson(resp, Payloads.jsonMessage());
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Map<?, ?> body = MAPPER.readValue(req.getInputStream(), Map.class);
            sendJson(resp, body);
        }
    }

    /** {@code /users/:userId/posts/:postId}, split by hand. */
    static final class UsersServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String[] parts = split(req.getPathInfo());
            if (parts.length == 3 && parts[1].equals("posts") && !parts[0].isEmpty() && !parts[2].isEmpty()) {
                sendJson(resp, Payloads.userPost(parts[0], parts[2]));
            } else {
                notFound(resp);
            }
        }
    }

    /** Every query parameter echoed as JSON, first value of each. */
    static final class SearchServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Map<String, String> echo = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> parameter : req.getParameterMap().entrySet()) {
                echo.put(parameter.getKey(), parameter.getValue()[0]);
            }
            sendJson(resp, echo);
        }
    }

    /** The 200-route table as a hand-written application would dispatch it: resource name, then shape. */
    static final class TableServlet extends HttpServlet {
        private final Map<String, Boolean> resourceHasItems = new HashMap<>();

        TableServlet() {
            for (int i = 0; i < Payloads.TABLE_ROUTES; i++) {
                resourceHasItems.put("r" + i, Payloads.tableRouteHasItem(i));
            }
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String[] parts = split(req.getPathInfo());
            Boolean hasItems = parts.length >= 3 && parts[0].equals("api") ? resourceHasItems.get(parts[1]) : null;
            if (hasItems == null) {
                notFound(resp);
            } else if (!hasItems && parts.length == 3) {
                sendJson(resp, Payloads.tableAnswer(parts[1], parts[2], null));
            } else if (hasItems && parts.length == 5 && parts[3].equals("items")) {
                sendJson(resp, Payloads.tableAnswer(parts[1], parts[2], parts[4]));
            } else {
                notFound(resp);
            }
        }
    }

    private static String[] split(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2) {
            return new String[0];
        }
        return pathInfo.substring(1).split("/", -1);
    }
}
