package dev.articlesapi.auth;

import dev.articlesapi.db.Batches;
import dev.articlesapi.db.Reads;
import dev.articlesapi.user.PrivateUser;
import dev.articlesapi.user.UserRows;
import dev.articlesapi.web.Caller;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Sign-in's own statements: credentials, the signed-in lookup, log-out and the
 * refresh-token sessions. The password hash and the refresh tokens' hashes never leave
 * this package. The statements here run through {@link DatabaseClient}, with named
 * markers ({@code :id}); the signed-in lookup runs through {@link Reads}, with positional
 * ones, and is in {@link AuthReadSql}.
 */
@Repository
class AuthRepository {

    record Credentials(long id, String passwordHash) {
    }

    /** A user with the token version their access tokens must carry. */
    record Session(PrivateUser user, int tokenVersion) {
    }

    /** What presenting a refresh token came to. */
    enum Outcome {

        /** Rotated: the presented token is spent, the new one issued. */
        ROTATED,
        /**
         * Rotated moments ago by another request (within the reuse grace): refused, its
         * session untouched.
         */
        RACED,
        /**
         * Rotated before the grace: presented again, so copied; its whole session is
         * revoked.
         */
        REUSED,
        /** Unknown, expired or revoked. */
        REFUSED

    }

    record Rotation(Outcome outcome, Session session) {
    }

    /**
     * Revokes every access token (the version they carry) and every refresh token of the
     * user, together.
     */
    private static final String LOG_OUT = """
            WITH refresh AS (DELETE FROM refresh_tokens WHERE user_id = :id)
            UPDATE users SET token_version = token_version + 1 WHERE id = :id""";

    /**
     * A new session (refresh-token family) for a user who just proved their password, and
     * the user.
     */
    private static final String START_SESSION = """
            WITH issued AS (
                INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)
                SELECT :hash, gen_random_uuid(), id, now() + :lifetime * interval '1 second'
                FROM users WHERE id = :id
                RETURNING user_id)
            SELECT u.token_version, %s
            FROM issued i JOIN users u ON u.id = i.user_id LEFT JOIN addresses ad ON ad.id = u.address_id"""
        .formatted(UserRows.PRIVATE_COLUMNS);

    /**
     * Rotation in one statement. The presented token's row is locked first, so that of
     * two requests presenting it at once the second waits, then sees it rotated: exactly
     * one rotates. A token rotated more than the grace ago and presented again was
     * copied: its whole family goes.
     */
    private static final String ROTATE = """
            WITH presented AS (
                SELECT token_hash, family_id, user_id, rotated_at, expires_at
                FROM refresh_tokens WHERE token_hash = :hash FOR UPDATE),
            rotated AS (
                UPDATE refresh_tokens t SET rotated_at = now()
                FROM presented p
                WHERE t.token_hash = p.token_hash AND p.rotated_at IS NULL AND p.expires_at > now()
                RETURNING t.family_id, t.user_id),
            issued AS (
                INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)
                SELECT :newHash, family_id, user_id, now() + :lifetime * interval '1 second' FROM rotated
                RETURNING user_id),
            revoked AS (
                DELETE FROM refresh_tokens t USING presented p
                WHERE t.family_id = p.family_id AND p.rotated_at < now() - :grace * interval '1 second'
                RETURNING t.token_hash)
            SELECT CASE WHEN i.user_id IS NOT NULL THEN 'ROTATED'
                        WHEN EXISTS (SELECT 1 FROM revoked) THEN 'REUSED'
                        WHEN p.rotated_at IS NOT NULL THEN 'RACED'
                        ELSE 'REFUSED' END AS outcome,
                   u.token_version, %s
            FROM (SELECT 1) one
            LEFT JOIN presented p ON true
            LEFT JOIN issued i ON true
            LEFT JOIN users u ON u.id = i.user_id
            LEFT JOIN addresses ad ON ad.id = u.address_id""".formatted(UserRows.PRIVATE_COLUMNS);

    private static final int PRUNE_BATCH = 1000;

    private static final String PRUNE = """
            DELETE FROM refresh_tokens WHERE token_hash IN (
                SELECT token_hash FROM refresh_tokens WHERE expires_at < now() LIMIT :batch FOR UPDATE SKIP LOCKED)""";

    private final DatabaseClient db;

    private final Reads reads;

    AuthRepository(DatabaseClient db, Reads reads) {
        this.db = db;
        this.reads = reads;
    }

    Mono<Credentials> findCredentials(String email) {
        return db.sql("SELECT id, password FROM users WHERE email = :email")
            .bind("email", email)
            .map(r -> new Credentials(r.get("id", Long.class), r.get("password", String.class)))
            .one();
    }

    /**
     * The caller named by a token, with their address, if they exist and have not logged
     * out since it was issued.
     */
    Mono<SignedIn> findSignedIn(long id, int tokenVersion) {
        return reads.one(AuthReadSql.SIGNED_IN, r -> {
            PrivateUser user = UserRows.privateUser(r);
            return new SignedIn(new Caller(user.id(), user.role()), user);
        }, id, tokenVersion);
    }

    Mono<Void> logOut(long id) {
        return db.sql(LOG_OUT).bind("id", id).then();
    }

    /** Empty when the user is gone. */
    Mono<Session> startSession(long userId, byte[] tokenHash, long lifetimeSeconds) {
        return db.sql(START_SESSION)
            .bind("id", userId)
            .bind("hash", tokenHash)
            .bind("lifetime", lifetimeSeconds)
            .map(AuthRepository::session)
            .one();
    }

    Mono<Rotation> rotate(byte[] presentedHash, byte[] newHash, long lifetimeSeconds, long graceSeconds) {
        return db.sql(ROTATE)
            .bind("hash", presentedHash)
            .bind("newHash", newHash)
            .bind("lifetime", lifetimeSeconds)
            .bind("grace", graceSeconds)
            .map(r -> {
                Outcome outcome = Outcome.valueOf(r.get("outcome", String.class));
                return new Rotation(outcome, outcome == Outcome.ROTATED ? session(r) : null);
            })
            .one();
    }

    /** Deletes expired refresh tokens, in batches; returns how many. */
    Mono<Long> pruneExpired() {
        return Batches.repeat(PRUNE_BATCH, () -> db.sql(PRUNE).bind("batch", PRUNE_BATCH).fetch().rowsUpdated())
            .reduce(0L, Long::sum);
    }

    private static Session session(Readable r) {
        return new Session(UserRows.privateUser(r), r.get("token_version", Integer.class));
    }

}
