package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DATABASE_READ_URL and DATABASE_READ_MAX_LAG as the API reads them at start-up. */
class DatabasePropertiesTest {

    private static DatabaseProperties with(String readUrl, Duration maxLag) {
        return new DatabaseProperties(Duration.ofSeconds(3), readUrl, maxLag, Duration.ofMillis(500));
    }

    @Test
    void blankMeansNoReplica() {
        assertThat(with("", Duration.ofSeconds(5)).replicaUrls()).isEmpty();
        assertThat(with(null, Duration.ofSeconds(5)).replicaUrls()).isEmpty();
        assertThat(with(" , ", Duration.ofSeconds(5)).replicaUrls()).isEmpty();
    }

    @Test
    void replicasAreCommaSeparated() {
        assertThat(with(" r2dbc:postgresql://a:5432/db, r2dbc:postgresql://u:p@b/db?sslMode=require ",
                Duration.ofSeconds(5))
            .replicaUrls())
            .containsExactly("r2dbc:postgresql://a:5432/db", "r2dbc:postgresql://u:p@b/db?sslMode=require");
    }

    @Test
    void databaseUrlsFormIsTakenToo() {
        assertThat(with("postgresql://u:p@a:5432/db,postgres://b/db", Duration.ofSeconds(5)).replicaUrls())
            .containsExactly("r2dbc:postgresql://u:p@a:5432/db", "r2dbc:postgresql://b/db");
    }

    @Test
    void somethingElseRefusesToStartWithoutShowingThePassword() {
        assertThatThrownBy(() -> with("mysql://u:secret@a:5432/db", Duration.ofSeconds(5)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("DATABASE_READ_URL")
            .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> with("", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("read-max-lag");
    }

}
