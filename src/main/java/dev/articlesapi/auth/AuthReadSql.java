package dev.articlesapi.auth;

import dev.articlesapi.db.Reads;
import dev.articlesapi.user.UserRows;

/**
 * The statement of the signed-in lookup (every request with a token), which
 * {@link AuthRepository} runs through {@link Reads}: positional markers ({@code $1},
 * {@code $2}...). The other statements of the package run through DatabaseClient with
 * named markers. Each statement, as sent, is a file in src/test/resources/sql.
 */
final class AuthReadSql {

    /** The user {@code $1} with their address, if their token version is {@code $2}. */
    static final String SIGNED_IN = "SELECT " + UserRows.PRIVATE_COLUMNS + """

            FROM users u LEFT JOIN addresses ad ON ad.id = u.address_id
            WHERE u.id = $1 AND u.token_version = $2""";

    private AuthReadSql() {
    }

}
