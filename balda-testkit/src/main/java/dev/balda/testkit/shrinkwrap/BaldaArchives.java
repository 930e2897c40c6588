package dev.balda.testkit.shrinkwrap;

import dev.balda.BaldaApplication;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.shrinkwrap.api.GenericArchive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Packages Balda applications as ShrinkWrap {@link WebArchive}s, for Arquillian deployments and
 * for tests that deploy a real WAR into an embedded container. The archive gets the Balda library
 * jars and their runtime dependencies (Jackson, SLF4J API) in {@code WEB-INF/lib}, found on the
 * test class path; in a Maven reactor build where a library is still a {@code target/classes}
 * directory, that directory is packed into a jar. The SLF4J provider of the test class path
 * (such as {@code slf4j-simple}) goes in too, as it would in the application's own WAR: a WAR
 * that carries {@code slf4j-api} but not its provider would find the test class path's provider
 * through the container's class loader, built against another copy of the API, and log nothing
 * ("SimpleServiceProvider not a subtype").
 *
 * <pre>{@code
 * @Deployment(testable = false)
 * static WebArchive deployment() {
 *     return BaldaArchives.war("shop.war", ShopApp.class, UserStore.class);
 * }
 * }</pre>
 *
 * <p>{@link #applicationWar(String, Class)} packages a whole application instead: every class and
 * resource of the class-path root (directory or jar) that holds the class you name.
 */
public final class BaldaArchives {

    /** Class names marking each library jar a Balda WAR needs; optional ones are skipped when absent. */
    private static final String[] REQUIRED = {
        "dev.balda.Balda",
        "com.fasterxml.jackson.databind.ObjectMapper",
        "com.fasterxml.jackson.core.JsonFactory",
        "com.fasterxml.jackson.annotation.JsonProperty",
        "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule",
        "com.fasterxml.jackson.datatype.jdk8.Jdk8Module",
        "org.slf4j.LoggerFactory",
    };
    private static final String SLF4J_PROVIDERS = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
    private static final String[] OPTIONAL = {
        "dev.balda.websocket.WebSockets",
    };

    private BaldaArchives() {
    }

    /**
     * A WAR with the Balda libraries and the given classes in {@code WEB-INF/classes}. If one of
     * them implements {@link BaldaApplication}, the container registers it with no descriptor.
     */
    public static WebArchive war(String name, Class<?>... classes) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name);
        war.addAsLibraries(libraries().toArray(new JavaArchive[0]));
        if (classes.length > 0) {
            war.addClasses(classes);
        }
        return war;
    }

    /**
     * A WAR with the whole class-path root that holds {@code anyApplicationClass} (with its
     * resources) and the Balda libraries of {@link #libraries()}: a directory such as
     * {@code target/classes} goes to {@code WEB-INF/classes}, a jar to {@code WEB-INF/lib}. So a
     * user's application is packaged as Maven would package it, without listing its classes. If the
     * root is one of the library locations it is not added twice.
     *
     * <pre>{@code
     * @Deployment(testable = false)
     * static WebArchive deployment() {
     *     return BaldaArchives.applicationWar("shop.war", ShopApp.class);
     * }
     * }</pre>
     *
     * @throws IllegalStateException if the class's location cannot be determined (a JDK class, a
     *     class defined at run time)
     */
    public static WebArchive applicationWar(String name, Class<?> anyApplicationClass) {
        Path root = classPathRoot(anyApplicationClass);
        List<Path> libraryLocations = libraryLocations();
        WebArchive war = ShrinkWrap.create(WebArchive.class, name);
        for (Path location : libraryLocations) {
            war.addAsLibraries(toJar(location));
        }
        if (libraryLocations.contains(root)) {
            return war;
        }
        if (Files.isDirectory(root)) {
            GenericArchive classes = ShrinkWrap.create(GenericArchive.class, "classes")
                    .as(ExplodedImporter.class).importDirectory(root.toFile()).as(GenericArchive.class);
            war.merge(classes, "/WEB-INF/classes");
        } else {
            war.addAsLibraries(toJar(root));
        }
        return war;
    }

    /** The Balda library jars and their runtime dependencies, as found on the class path. */
    public static List<JavaArchive> libraries() {
        List<JavaArchive> jars = new ArrayList<>();
        for (Path location : libraryLocations()) {
            jars.add(toJar(location));
        }
        return jars;
    }

    private static List<Path> libraryLocations() {
        Set<Path> locations = new LinkedHashSet<>();
        for (String marker : REQUIRED) {
            locations.add(locationOf(marker, true));
        }
        for (String marker : OPTIONAL) {
            Path location = locationOf(marker, false);
            if (location != null) {
                locations.add(location);
            }
        }
        locations.addAll(slf4jProviderLocations());
        return new ArrayList<>(locations);
    }

    /** The jars (or directories) that declare an SLF4J 2 provider on the class path. */
    private static List<Path> slf4jProviderLocations() {
        List<Path> roots = new ArrayList<>();
        try {
            Enumeration<URL> declarations = BaldaArchives.class.getClassLoader().getResources(SLF4J_PROVIDERS);
            while (declarations.hasMoreElements()) {
                roots.add(rootOf(declarations.nextElement()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not look for SLF4J providers on the class path", e);
        }
        return roots;
    }

    /** {@code jar:file:/x.jar!/META-INF/...} is {@code /x.jar}; {@code file:/dir/META-INF/services/x} is {@code /dir}. */
    private static Path rootOf(URL declaration) {
        try {
            if ("jar".equals(declaration.getProtocol())) {
                String path = declaration.getPath();
                return Path.of(new URI(path.substring(0, path.indexOf("!/")))).toAbsolutePath().normalize();
            }
            Path file = Path.of(declaration.toURI());
            return file.getParent().getParent().getParent().toAbsolutePath().normalize();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("Cannot tell which jar declares " + declaration, e);
        }
    }

    /** Writes an archive to a {@code .war} file in a directory, for deployment by path. */
    public static Path export(WebArchive war, Path directory) {
        Path file = directory.resolve(war.getName());
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }

    private static Path locationOf(String className, boolean required) {
        Class<?> type;
        try {
            type = Class.forName(className, false, BaldaArchives.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            if (required) {
                throw new IllegalStateException("Balda needs " + className + " on the class path to package a WAR", e);
            }
            return null;
        }
        return classPathRoot(type);
    }

    /** The directory or jar a class was loaded from. */
    private static Path classPathRoot(Class<?> type) {
        String className = type.getName();
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("Cannot tell which jar holds " + className);
        }
        try {
            return Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Bad class path location for " + className + ": " + source.getLocation(), e);
        }
    }

    private static JavaArchive toJar(Path location) {
        if (Files.isDirectory(location)) {
            String name = jarNameForDirectory(location);
            return ShrinkWrap.create(JavaArchive.class, name).as(ExplodedImporter.class)
                    .importDirectory(location.toFile()).as(JavaArchive.class);
        }
        File file = location.toFile();
        return ShrinkWrap.create(ZipImporter.class, file.getName()).importFrom(file).as(JavaArchive.class);
    }

    /** {@code .../balda-servlet/target/classes} becomes {@code balda-servlet.jar}. */
    private static String jarNameForDirectory(Path classes) {
        Path target = classes.getParent();
        Path module = target == null ? null : target.getParent();
        return (module != null && module.getFileName() != null ? module.getFileName().toString() : "classes") + ".jar";
    }
}
