package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void parsesCredentialsHostPortAndDatabase() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s%40cret@db.local:6543/articles?sslmode=require");
        assertThat(url.username()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.r2dbc()).isEqualTo("r2dbc:postgresql://db.local:6543/articles?sslmode=require");
        assertThat(url.jdbc()).isEqualTo("jdbc:postgresql://db.local:6543/articles?sslmode=require");
        assertThat(url.display()).isEqualTo("db.local:6543/articles").doesNotContain("cret");
    }

    @Test
    void defaultsThePortAndAcceptsPostgresScheme() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://db/articles");
        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.username()).isNull();
    }

    @Test
    void refusesOtherSchemesAndMissingDatabase() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://db/articles")).hasMessageContaining("postgresql://");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://db")).hasMessageContaining("database name");
    }

}
