package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The series' story: articles existed before they had authors; V4 gives every old article to the admin, and the
 * kept article count starts from them.
 */
class MigrationPathIT {

    private static final String ADMIN = "admin@migration.test";

    private static Flyway flyway(String url, String target) {
        var config = Flyway.configure()
                .dataSource(url, TestDatabase.username(), TestDatabase.password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("admin_email", ADMIN, "admin_password_hash", "$2a$10$notarealhashnotarealhash"));
        if (target != null) {
            config.target(target);
        }
        return config.load();
    }

    @Test
    void articlesWrittenBeforeTheAuthorMigrationBelongToTheAdminAfterIt() throws SQLException {
        String base = TestDatabase.jdbcUrl();
        String name = "migration_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(base, TestDatabase.username(), TestDatabase.password())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        String url = base.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");

        flyway(url, "3").migrate();
        try (Connection c = DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password())) {
            c.createStatement().execute("INSERT INTO users (email, name, password) VALUES ('w@x.io', 'W', 'h')");
            c.createStatement().execute(
                    "INSERT INTO articles (title, content) VALUES ('Old one', 'a'), ('Old two', 'b'), ('Old three', 'c')");
        }

        flyway(url, null).migrate();
        try (Connection c = DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password())) {
            ResultSet rs = c.createStatement().executeQuery("""
                    SELECT a.title, u.email, u.role FROM articles a JOIN users u ON u.id = a.author_id ORDER BY a.id""");
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " by " + rs.getString(2) + " (" + rs.getString(3) + ")");
            }
            assertThat(rows).containsExactly("Old one by " + ADMIN + " (admin)", "Old two by " + ADMIN + " (admin)",
                    "Old three by " + ADMIN + " (admin)");
            ResultSet nullable = c.createStatement().executeQuery("""
                    SELECT is_nullable FROM information_schema.columns
                    WHERE table_name = 'articles' AND column_name = 'author_id'""");
            assertThat(nullable.next()).isTrue();
            assertThat(nullable.getString(1)).isEqualTo("NO");
            ResultSet kept = c.createStatement().executeQuery("SELECT n FROM article_count");
            assertThat(kept.next()).isTrue();
            assertThat(kept.getLong(1)).as("the article count starts from the articles already there").isEqualTo(3);
        }
        try (Connection c = DriverManager.getConnection(base, TestDatabase.username(), TestDatabase.password())) {
            c.createStatement().execute("DROP DATABASE " + name);
        }
    }
}
