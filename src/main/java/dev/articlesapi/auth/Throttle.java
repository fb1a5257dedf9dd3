package dev.articlesapi.auth;

import dev.articlesapi.db.Batches;
import dev.articlesapi.web.ApiException;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;
import reactor.core.publisher.Mono;

/**
 * Log-in and sign-up budgets, kept in PostgreSQL so that every instance on the database
 * spends from the same ones (one statement per attempt, see {@code throttle_take} in
 * V12). An attempt takes its unit <em>before</em> any password work: parallel guesses
 * queue on the counter rows, and only as many as the limit ever reach bcrypt.
 *
 * <p>
 * A log-in spends from three budgets: the email from this client address (small: an
 * attacker's guesses from one place), the email from anywhere (large: only guessing
 * spread over many addresses reaches it) and the client address for any email (credential
 * stuffing). The last two do not apply to an email at an address it has signed in from
 * successfully before: strangers behind a shared address cannot lock its known users out,
 * and an owner whose email is under distributed attack still gets in from home. A
 * successful log-in gives its units back and clears the email-from-this-address count.
 */
@Component
class Throttle {

    private static final Logger log = LoggerFactory.getLogger(Throttle.class);

    /**
     * @param maxFailuresPerEmail failed log-ins for one email from all addresses within
     * the window (not counted at addresses the email signed in from within trustedFor)
     * @param maxFailuresPerEmailAndAddress failed log-ins for one email from one client
     * address within the window
     * @param maxFailuresPerAddress failed log-ins from one client address within the
     * window (emails that signed in from there within {@code trustedFor} are exempt)
     * @param window the log-in window
     * @param trustedFor how long a successful log-in exempts its email at that address
     * @param maxSignUpsPerAddress sign-ups from one client address within
     * {@code signUpWindow}
     * @param signUpWindow the sign-up window
     * @param pruneEvery how often counters of windows that have ended are deleted
     */
    @Validated
    @ConfigurationProperties("articles.throttle")
    record Settings(@Positive int maxFailuresPerEmailAndAddress, @Positive int maxFailuresPerEmail,
            @Positive int maxFailuresPerAddress, @NotNull Duration window, @NotNull Duration trustedFor,
            @Positive int maxSignUpsPerAddress, @NotNull Duration signUpWindow, @NotNull Duration pruneEvery) {
    }

    /**
     * Whether the email signed in from the address within the trust period: then only its
     * pair budget counts.
     */
    private static final String TRUSTED = """
            EXISTS (SELECT 1 FROM login_trusted_clients t
                WHERE t.email = :email AND t.address = :address
                  AND t.last_success > now() - :trustedForMs * interval '1 millisecond')""";

    private static final String TAKE_LOG_IN = """
            SELECT throttle_take(ARRAY[:pairKey, :emailKey, :addressKey],
                CASE WHEN %s THEN ARRAY[:pairLimit, NULL, NULL]
                     ELSE ARRAY[:pairLimit, :emailLimit, :addressLimit] END,
                :windowMs) AS wait_ms""".formatted(TRUSTED);

    /**
     * The unit taken before the check goes back; the address is trusted for this email
     * from now on.
     */
    private static final String LOGGED_IN = """
            WITH given AS (
                SELECT throttle_give_back(
                    CASE WHEN %s THEN ARRAY[]::text[] ELSE ARRAY[:emailKey, :addressKey] END, :pairKey)),
            trust AS (
                INSERT INTO login_trusted_clients (email, address, last_success) VALUES (:email, :address, now())
                ON CONFLICT (email, address) DO UPDATE SET last_success = now())
            SELECT 1 AS done FROM given""".formatted(TRUSTED);

    private static final String TAKE_SIGN_UP = """
            SELECT throttle_take(ARRAY[:key], ARRAY[:limit], :windowMs) AS wait_ms""";

    /**
     * Ended windows and expired trust, a batch at a time; rows that a log-in holds now
     * are left for next time.
     */
    private static final String PRUNE_COUNTERS = """
            DELETE FROM throttle_counters WHERE key IN (
                SELECT key FROM throttle_counters WHERE resets_at < now() LIMIT :batch FOR UPDATE SKIP LOCKED)""";

    private static final String PRUNE_TRUSTED = """
            DELETE FROM login_trusted_clients WHERE (email, address) IN (
                SELECT email, address FROM login_trusted_clients WHERE last_success < :since
                LIMIT :batch FOR UPDATE SKIP LOCKED)""";

    private static final int PRUNE_BATCH = 5_000;

    private final DatabaseClient db;

    private final Settings settings;

    Throttle(DatabaseClient db, Settings settings) {
        this.db = db;
        this.settings = settings;
    }

    /**
     * Takes a log-in attempt from its budgets: completes when taken, a 429 error when one
     * of them is spent.
     */
    Mono<Void> takeLogIn(String email, String address) {
        return logInKeys(db.sql(TAKE_LOG_IN), email, address)
            .bind("pairLimit", settings.maxFailuresPerEmailAndAddress())
            .bind("emailLimit", settings.maxFailuresPerEmail())
            .bind("addressLimit", settings.maxFailuresPerAddress())
            .bind("windowMs", settings.window().toMillis())
            .map(r -> r.get("wait_ms", Long.class))
            .one()
            .flatMap(wait -> refuseIfWaiting(wait, "Too many failed log-ins; try again later"));
    }

    /**
     * A log-in succeeded: its unit goes back, and its email is trusted at this address.
     */
    Mono<Void> loggedIn(String email, String address) {
        return logInKeys(db.sql(LOGGED_IN), email, address).then();
    }

    /** Takes a sign-up from the client address's budget: a 429 error when it is spent. */
    Mono<Void> takeSignUp(String address) {
        return db.sql(TAKE_SIGN_UP)
            .bind("key", "sign-up:address:" + address)
            .bind("limit", settings.maxSignUpsPerAddress())
            .bind("windowMs", settings.signUpWindow().toMillis())
            .map(r -> r.get("wait_ms", Long.class))
            .one()
            .flatMap(wait -> refuseIfWaiting(wait, "Too many sign-ups from this address; try again later"));
    }

    /**
     * Drops ended windows and expired trust; Spring subscribes to the returned Mono on
     * its schedule.
     */
    @Scheduled(fixedDelayString = "${articles.throttle.prune-every}", initialDelayString = "PT1M")
    Mono<Void> prune() {
        Instant trustedSince = Instant.now().minus(settings.trustedFor());
        return Batches
            .repeat(PRUNE_BATCH, () -> db.sql(PRUNE_COUNTERS).bind("batch", PRUNE_BATCH).fetch().rowsUpdated())
            .concatWith(Batches.repeat(PRUNE_BATCH,
                    () -> db.sql(PRUNE_TRUSTED)
                        .bind("batch", PRUNE_BATCH)
                        .bind("since", trustedSince)
                        .fetch()
                        .rowsUpdated()))
            .reduce(0L, Long::sum)
            .doOnNext(n -> log.debug("Pruned {} throttling rows", n))
            .onErrorResume(e -> {
                log.warn("Could not prune throttling rows: {}", e.toString());
                return Mono.empty();
            })
            .then();
    }

    /**
     * An IPv4 address as it is; an IPv6 address by its /64 network, the block one
     * subscriber gets, so that the addresses of one network do not each get budgets of
     * their own.
     */
    static String clientKey(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            return String.format("%x:%x:%x:%x::/64", (b[0] & 0xff) << 8 | b[1] & 0xff, (b[2] & 0xff) << 8 | b[3] & 0xff,
                    (b[4] & 0xff) << 8 | b[5] & 0xff, (b[6] & 0xff) << 8 | b[7] & 0xff);
        }
        return address.getHostAddress();
    }

    private static Mono<Void> refuseIfWaiting(long waitMs, String detail) {
        return waitMs <= 0 ? Mono.empty() : Mono.error(ApiException.tooManyRequests(detail, Duration.ofMillis(waitMs)));
    }

    /**
     * The log-in budgets' keys and what decides whether the email is trusted at the
     * address.
     */
    private DatabaseClient.GenericExecuteSpec logInKeys(DatabaseClient.GenericExecuteSpec spec, String email,
            String address) {
        return spec.bind("pairKey", "log-in:email+address:" + email + " " + address)
            .bind("emailKey", "log-in:email:" + email)
            .bind("addressKey", "log-in:address:" + address)
            .bind("email", email)
            .bind("address", address)
            .bind("trustedForMs", settings.trustedFor().toMillis());
    }

}
