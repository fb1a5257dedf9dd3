package dev.articlesapi.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Decides which PostgreSQL the API uses, before any bean is made.
 * <ol>
 * <li>{@code spring.r2dbc.url} set: that, as configured (Flyway takes
 * {@code spring.flyway.*}).</li>
 * <li>{@code DATABASE_URL} set: that server, for both R2DBC and Flyway.</li>
 * <li>neither: an embedded PostgreSQL whose data directory ({@code EMBEDDED_DB_DIR},
 * default {@code ./data/postgres}) survives restarts; it stops when the application
 * context closes.</li>
 * </ol>
 * In embedded mode {@code articles.embedded-database=true}, which allows the development
 * defaults for the JWT secret and the admin account; so that those never face a network
 * by accident, the API then listens on loopback only unless {@code server.address}
 * ({@code SERVER_ADDRESS}) says otherwise.
 */
class DatabaseEnvironment implements EnvironmentPostProcessor {

    static final String EMBEDDED = "articles.embedded-database";

    /**
     * The environment variables read here, not through a property of application.yaml.
     */
    static final String DATABASE_URL = "DATABASE_URL";
    static final String EMBEDDED_DB_DIR = "EMBEDDED_DB_DIR";
    static final String EMBEDDED_DB_PORT = "EMBEDDED_DB_PORT";
    static final String LOOPBACK = "127.0.0.1";

    private final Log log;

    DatabaseEnvironment(DeferredLogFactory logs) {
        this.log = logs.getLog(DatabaseEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication app) {
        Map<String, Object> props = new HashMap<>();
        String r2dbcUrl = env.getProperty("spring.r2dbc.url");
        String databaseUrl = env.getProperty(DATABASE_URL);
        if (StringUtils.hasText(r2dbcUrl)) {
            log.info("Database: " + r2dbcUrl.replaceAll("//[^@/]*@", "//") + " (spring.r2dbc.url)");
            props.put(EMBEDDED, false);
        }
        else if (StringUtils.hasText(databaseUrl)) {
            DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
            props.put("spring.r2dbc.url", url.r2dbc());
            props.put("spring.flyway.url", url.jdbc());
            if (url.username() != null) {
                props.put("spring.r2dbc.username", url.username());
                props.put("spring.flyway.user", url.username());
            }
            if (url.password() != null) {
                props.put("spring.r2dbc.password", url.password());
                props.put("spring.flyway.password", url.password());
            }
            props.put(EMBEDDED, false);
            log.info("Database: PostgreSQL at " + url.display() + " (DATABASE_URL)");
        }
        else {
            Path dir = Path.of(env.getProperty(EMBEDDED_DB_DIR, "data/postgres")).toAbsolutePath().normalize();
            EmbeddedPostgres pg = start(dir, env.getProperty(EMBEDDED_DB_PORT, Integer.class, 0));
            app.addInitializers(ctx -> closeWith(ctx, pg));
            props.put("spring.r2dbc.url", "r2dbc:postgresql://localhost:" + pg.getPort() + "/postgres");
            props.put("spring.r2dbc.username", "postgres");
            props.put("spring.flyway.url", pg.getJdbcUrl("postgres", "postgres"));
            props.put("spring.flyway.user", "postgres");
            props.put(EMBEDDED, true);
            log.info("Database: embedded PostgreSQL on localhost:" + pg.getPort() + ", data in " + dir);
            if (!env.containsProperty("server.address")) {
                props.put("server.address", LOOPBACK);
                log.info("Embedded mode listens on " + LOOPBACK + " only; SERVER_ADDRESS=0.0.0.0 opens it to "
                        + "other hosts (then ADMIN_EMAIL and ADMIN_PASSWORD are required)");
            }
        }
        var source = new MapPropertySource("articlesDatabase", props);
        if (Boolean.TRUE.equals(props.get(EMBEDDED))) {
            // the embedded server is the only one there is
            env.getPropertySources().addFirst(source);
        }
        else {
            // explicit spring.* settings win over DATABASE_URL
            env.getPropertySources().addLast(source);
        }
    }

    private static EmbeddedPostgres start(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200");
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    /**
     * Registered first, so destroyed last: the database stops after the connection pool
     * has closed.
     */
    private static void closeWith(ConfigurableApplicationContext ctx, EmbeddedPostgres pg) {
        if (ctx instanceof GenericApplicationContext generic) {
            generic.getDefaultListableBeanFactory().registerSingleton("embeddedPostgres", pg);
            generic.getDefaultListableBeanFactory().registerDisposableBean("embeddedPostgres", pg::close);
        }
    }

}
