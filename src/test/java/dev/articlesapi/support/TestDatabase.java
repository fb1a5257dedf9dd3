package dev.articlesapi.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One PostgreSQL for the whole test JVM: a Testcontainers container when a Docker engine
 * answers, otherwise the embedded server. Its coordinates go into system properties,
 * which the application reads like any other setting (so its own embedded-database
 * start-up stays off).
 */
public final class TestDatabase {

    public static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";

    public static final String ADMIN_EMAIL = "admin@articles.test";

    public static final String ADMIN_PASSWORD = "admin-password";

    public static final String ALLOWED_ORIGIN = "https://app.articles.test";

    /** Every integration test's log; scanned for secrets at the end of the run. */
    public static final String LOG_FILE = "target/integration-test.log";

    private static String r2dbcUrl;

    private static String jdbcUrl;

    private static String username;

    private static String password;

    private TestDatabase() {
    }

    public static synchronized void start() {
        if (r2dbcUrl != null) {
            return;
        }
        try {
            Files.deleteIfExists(Path.of(LOG_FILE)); // this run's log only
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:18-alpine").withCommand("postgres", "-c",
                    "max_connections=300");
            container.start();
            r2dbcUrl = "r2dbc:postgresql://" + container.getHost() + ":" + container.getFirstMappedPort() + "/"
                    + container.getDatabaseName();
            jdbcUrl = container.getJdbcUrl();
            username = container.getUsername();
            password = container.getPassword();
        }
        else {
            EmbeddedPostgres pg = embedded();
            r2dbcUrl = "r2dbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            jdbcUrl = pg.getJdbcUrl("postgres", "postgres");
            username = "postgres";
            password = "";
        }
        System.setProperty("spring.r2dbc.url", r2dbcUrl);
        System.setProperty("spring.r2dbc.username", username);
        System.setProperty("spring.r2dbc.password", password);
        System.setProperty("spring.flyway.url", jdbcUrl);
        System.setProperty("spring.flyway.user", username);
        System.setProperty("spring.flyway.password", password);
        System.setProperty("articles.jwt.secret", JWT_SECRET);
        System.setProperty("articles.admin.email", ADMIN_EMAIL);
        System.setProperty("articles.admin.password", ADMIN_PASSWORD);
        System.setProperty("articles.cors.allowed-origins", ALLOWED_ORIGIN);
        System.setProperty("logging.file.name", LOG_FILE);
        // tests sign many users up from one address; ThrottleIT sets its own small limits
        System.setProperty("articles.throttle.max-sign-ups-per-address", "1000000");
    }

    public static String jdbcUrl() {
        start();
        return jdbcUrl;
    }

    public static String username() {
        return username;
    }

    public static String password() {
        return password;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static EmbeddedPostgres embedded() {
        try {
            return EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
