package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The series' story: articles existed before they had authors; V4 gives every old article
 * to the admin, and the kept article count starts from them. Articles indexed before V11
 * are found by the words inside their markup after it.
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

    /** A new, empty database; its JDBC URL. */
    private static String createDatabase(String name) throws SQLException {
        String base = TestDatabase.jdbcUrl();
        try (Connection c = DriverManager.getConnection(base, TestDatabase.username(), TestDatabase.password())) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        return base.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    private static void dropDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl(), TestDatabase.username(),
                TestDatabase.password())) {
            c.createStatement().execute("DROP DATABASE " + name);
        }
    }

    private static String databaseName() {
        return "migration_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    @Test
    void articlesWrittenBeforeTheAuthorMigrationBelongToTheAdminAfterIt() throws SQLException {
        String name = databaseName();
        String url = createDatabase(name);

        flyway(url, "3").migrate();
        try (Connection c = DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password())) {
            c.createStatement().execute("INSERT INTO users (email, name, password) VALUES ('w@x.io', 'W', 'h')");
            c.createStatement()
                .execute(
                        "INSERT INTO articles (title, content) VALUES ('Old one', 'a'), ('Old two', 'b'), ('Old three', 'c')");
        }

        flyway(url, null).migrate();
        try (Connection c = DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password())) {
            ResultSet rs = c.createStatement()
                .executeQuery(
                        """
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
        dropDatabase(name);
    }

    @Test
    void articlesIndexedBeforeTheMarkupMigrationAreFoundByTheWordsInsideTheirTagsAfterIt() throws SQLException {
        String name = databaseName();
        String url = createDatabase(name);
        String find = "SELECT count(*) FROM articles WHERE search_vector @@ websearch_to_tsquery('english', ?)";

        flyway(url, "10").migrate();
        try (Connection c = DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password())) {
            c.createStatement().execute("INSERT INTO users (email, name, password) VALUES ('w@x.io', 'W', 'h')");
            c.createStatement().execute("""
                    INSERT INTO articles (title, content, author_id)
                    VALUES ('<script>alert(1)</script> notes', '<div data-role="banner">Hello</div>', 1)""");
            assertThat(count(c, find, "banner")).as("before V11 the words inside tags are not indexed").isZero();
            assertThat(count(c, find, "hello")).isEqualTo(1);
        }

        flyway(url, null).migrate();
        String findNormalised = "SELECT count(*) FROM articles"
                + " WHERE search_vector @@ websearch_to_tsquery('english', article_search_text(?))";
        try (Connection c = DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password())) {
            for (String search : new String[] { "banner", "script", "alert", "hello", "<script>alert(1)</script>" }) {
                assertThat(count(c, findNormalised, search)).as(search).isEqualTo(1);
            }
            assertThat(count(c, findNormalised, "kotlin")).isZero();
            ResultSet index = c.createStatement()
                .executeQuery("SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_search_vector_idx'");
            assertThat(index.next()).isTrue();
            assertThat(index.getString(1)).contains("USING gin (search_vector)");
        }
        dropDatabase(name);
    }

    private static long count(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, value);
            ResultSet rs = statement.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

}
