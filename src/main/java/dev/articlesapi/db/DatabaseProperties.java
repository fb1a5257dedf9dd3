package dev.articlesapi.db;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param stallTimeout a pooled connection held longer than this is presumed stuck on a
 * database that does not answer, and closed ({@code DB_STALL_TIMEOUT})
 * @param readUrl the replicas that take the public reads: comma-separated
 * {@code r2dbc:postgresql://host:port/database} URLs (or {@code postgresql://} ones, as
 * {@code DATABASE_URL} takes), each with the primary's user and password unless it names
 * its own; blank: none, every read on the primary ({@code DATABASE_READ_URL})
 * @param readMaxLag a replica further behind the primary than this is skipped
 * ({@code DATABASE_READ_MAX_LAG})
 * @param readPollEvery how often each replica's replay position (and the primary's WAL
 * position) is read
 */
@Validated
@ConfigurationProperties("articles.database")
record DatabaseProperties(@NotNull Duration stallTimeout, String readUrl, @NotNull Duration readMaxLag,
        @NotNull Duration readPollEvery) {

    DatabaseProperties {
        if (readMaxLag != null && (readMaxLag.isNegative() || readMaxLag.isZero())) {
            throw new IllegalArgumentException("articles.database.read-max-lag must be positive");
        }
        if (readPollEvery != null && (readPollEvery.isNegative() || readPollEvery.isZero())) {
            throw new IllegalArgumentException("articles.database.read-poll-every must be positive");
        }
        for (String url : replicaUrls(readUrl)) {
            if (!url.startsWith("r2dbc:postgresql://") && !url.startsWith("r2dbc:pool:postgresql://")) {
                throw new IllegalArgumentException(
                        "DATABASE_READ_URL takes r2dbc:postgresql:// or postgresql://host:port/database URLs, comma-separated; got "
                                + url.replaceAll("//[^@/]*@", "//"));
            }
        }
    }

    /** The replicas' URLs; empty when none is configured. */
    List<String> replicaUrls() {
        return replicaUrls(readUrl);
    }

    private static List<String> replicaUrls(String readUrl) {
        return readUrl == null ? List.of()
                : Arrays.stream(readUrl.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .map(DatabaseProperties::r2dbc)
                    .toList();
    }

    /** DATABASE_URL's form, {@code postgresql://} or {@code postgres://}, as R2DBC's. */
    private static String r2dbc(String url) {
        for (String scheme : new String[] { "postgresql://", "postgres://" }) {
            if (url.startsWith(scheme)) {
                return "r2dbc:postgresql://" + url.substring(scheme.length());
            }
        }
        return url;
    }

}
