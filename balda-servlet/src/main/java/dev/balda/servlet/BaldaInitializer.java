package dev.balda.servlet;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zero-configuration installation: the container hands this initializer every class of the web
 * application that implements {@link BaldaApplication}; if there is exactly one concrete class,
 * its application is created and {@link BaldaFilter} registered on {@code /*}. It stays out of
 * the way when a {@code BaldaFilter} is already declared (in {@code web.xml}) or when the context
 * parameter {@value #AUTO_REGISTER_PARAM} is {@code false}; several candidates are an error that
 * names them.
 */
@HandlesTypes(BaldaApplication.class)
public final class BaldaInitializer implements ServletContainerInitializer {
    /** Context parameter that turns zero-configuration registration off when {@code false}. */
    public static final String AUTO_REGISTER_PARAM = "dev.balda.autoRegister";

    private static final Logger LOG = LoggerFactory.getLogger(BaldaInitializer.class);

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        if ("false".equalsIgnoreCase(context.getInitParameter(AUTO_REGISTER_PARAM)) || classes == null) {
            return;
        }
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> type : classes) {
            if (BaldaApplication.class.isAssignableFrom(type) && !type.isInterface()
                    && !Modifier.isAbstract(type.getModifiers())) {
                candidates.add(type);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        for (FilterRegistration registration : context.getFilterRegistrations().values()) {
            if (BaldaFilter.class.getName().equals(registration.getClassName())) {
                LOG.info("BaldaFilter '{}' is declared explicitly; skipping zero-configuration registration",
                        registration.getName());
                return;
            }
        }
        if (candidates.size() > 1) {
            throw new ServletException("Found " + candidates.size() + " BaldaApplication classes " + candidates
                    + "; keep one, or set the context parameter " + AUTO_REGISTER_PARAM
                    + "=false and declare BaldaFilter in web.xml");
        }
        BaldaApplication application = BaldaFilter.instantiate(candidates.get(0).getName(), context.getClassLoader());
        BaldaFilter.register(context, Balda.from(application));
        LOG.info("Registered BaldaFilter on /* for {}", candidates.get(0).getName());
    }
}
