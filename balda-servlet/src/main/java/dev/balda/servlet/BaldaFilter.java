package dev.balda.servlet;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import dev.balda.BaldaOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet filter that runs a Balda application inside any servlet 6 container. Three ways to
 * install it:
 *
 * <ol>
 *   <li><b>Zero configuration</b>: a WAR that contains one {@link BaldaApplication} class gets the
 *       filter registered on {@code /*} by {@link BaldaInitializer} at start-up.</li>
 *   <li><b>{@code web.xml}</b>: declare this filter with the init parameter {@code application}
 *       naming the {@link BaldaApplication} class, and optionally {@code passThrough}
 *       ({@code true}/{@code false}) to override the application's option; map it on {@code /*}
 *       for the {@code REQUEST} and {@code ASYNC} dispatchers and mark it
 *       {@code <async-supported>true</async-supported>}.</li>
 *   <li><b>Programmatic</b>: {@link #register(ServletContext, Balda)} from a
 *       {@code ServletContainerInitializer}, a listener or an embedded container's set-up.</li>
 * </ol>
 *
 * <p>In the default mode the filter answers every request itself (404 for paths without a route).
 * In pass-through mode a request whose path has no route continues down the filter chain with its
 * body unread, so the application's other servlets, JSPs and static files keep working.
 */
public final class BaldaFilter implements Filter {
    /** Init parameter naming the {@link BaldaApplication} class (web.xml installation). */
    public static final String APPLICATION_PARAM = "application";
    /** Init parameter overriding the application's pass-through option. */
    public static final String PASS_THROUGH_PARAM = "passThrough";
    /** Request attribute carrying why a suspended exchange's committed response is to be dropped. */
    static final String ABORT_ATTRIBUTE = BaldaFilter.class.getName() + ".abort";
    /** The name the filter is registered under by {@link #register}. */
    public static final String FILTER_NAME = "balda";

    private static final Logger LOG = LoggerFactory.getLogger(BaldaFilter.class);

    private Balda app;
    /** The context path as the application's {@code ServletContext} gives it, read once at init. */
    private String contextPath;

    /** For containers that create the filter from {@code web.xml}; the application comes from init parameters. */
    public BaldaFilter() {
    }

    /** A filter for an application built in code. */
    public BaldaFilter(Balda app) {
        this.app = app;
    }

    /**
     * Registers a filter for the application on {@code /*}, async-supported, after any filters
     * declared in {@code web.xml}.
     */
    public static FilterRegistration.Dynamic register(ServletContext context, Balda app) {
        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, new BaldaFilter(app));
        if (registration == null) {
            throw new IllegalStateException("A filter named '" + FILTER_NAME + "' is already registered in "
                    + context.getContextPath() + "; one Balda filter per context");
        }
        registration.setAsyncSupported(true);
        // ASYNC: a suspended request whose committed response failed comes back to be dropped.
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), true, "/*");
        return registration;
    }

    /** The application this filter runs (available after {@link #init}). */
    public Balda application() {
        return app;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (app == null) {
            app = fromInitParameters(config);
        }
        app.start();
        contextPath = config.getServletContext().getContextPath();
        LOG.info("Balda serving {} with {} routes{}", contextName(config.getServletContext()), app.routes().size(),
                app.options().passThrough() ? " (pass-through)" : "");
    }

    private static String contextName(ServletContext context) {
        String path = context.getContextPath();
        return path.isEmpty() ? "/" : path;
    }

    private static Balda fromInitParameters(FilterConfig config) throws ServletException {
        String className = config.getInitParameter(APPLICATION_PARAM);
        if (className == null || className.isBlank()) {
            throw new ServletException("Filter '" + config.getFilterName() + "' needs the init parameter '"
                    + APPLICATION_PARAM + "' naming a class that implements " + BaldaApplication.class.getName());
        }
        BaldaApplication application = instantiate(className.trim(), config.getServletContext().getClassLoader());
        BaldaOptions options = application.options();
        String passThrough = config.getInitParameter(PASS_THROUGH_PARAM);
        if (passThrough != null) {
            if (!passThrough.trim().matches("(?i)true|false")) {
                throw new ServletException("Init parameter '" + PASS_THROUGH_PARAM + "' must be true or false, not '"
                        + passThrough + "'");
            }
            options = options.toBuilder().passThrough(Boolean.parseBoolean(passThrough.trim())).build();
        }
        Balda app = Balda.create(options);
        application.configure(app);
        return app;
    }

    static BaldaApplication instantiate(String className, ClassLoader loader) throws ServletException {
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!BaldaApplication.class.isAssignableFrom(type)) {
                throw new ServletException(className + " does not implement " + BaldaApplication.class.getName());
            }
            return (BaldaApplication) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ServletException("Balda application class " + className + " was not found", e);
        } catch (NoSuchMethodException e) {
            throw new ServletException("Balda application class " + className + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ServletException("Balda application class " + className + " failed in its constructor", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ServletException("Balda application class " + className + " could not be created", e);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        if (http.getDispatcherType() == DispatcherType.ASYNC) {
            Object abort = http.getAttribute(ABORT_ATTRIBUTE);
            if (abort instanceof Throwable cause) {
                // Thrown out of a dispatch is the one way the servlet API drops a committed response.
                throw new ResponseAbortedException(cause);
            }
            chain.doFilter(request, response);
            return;
        }
        String context = contextPath;
        if (context == null) {
            // A filter whose container never called init (a proxy that skips the lifecycle).
            context = http.getServletContext().getContextPath();
        }
        if (!app.handle(new ServletExchange(http, httpResponse, context))) {
            chain.doFilter(request, response);
        }
    }

    @Override
    public void destroy() {
        if (app != null) {
            app.stop();
        }
    }
}
