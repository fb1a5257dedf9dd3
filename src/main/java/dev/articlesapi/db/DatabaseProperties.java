package dev.articlesapi.db;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param stallTimeout a pooled connection held longer than this is presumed stuck on a
 * database that does not answer, and closed ({@code DB_STALL_TIMEOUT})
 */
@Validated
@ConfigurationProperties("articles.database")
record DatabaseProperties(@NotNull Duration stallTimeout) {
}
