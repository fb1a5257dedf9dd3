package dev.articlesapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.db.RecordingDatabase;
import dev.articlesapi.support.SqlFiles;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every statement of sign-in (credentials, the signed-in lookup, log-out, refresh tokens,
 * throttling), as its driver receives it, is its file in src/test/resources/sql
 * ({@link SqlFiles}: {@code -Dsql.update=true} rewrites them). The statements come from
 * the classes that send them, run on a {@link RecordingDatabase}.
 */
class AuthSqlTest {

    private final RecordingDatabase db = new RecordingDatabase();

    private final AuthRepository repository = new AuthRepository(db.client(), db.reads());

    private final RefreshTokens refreshTokens = new RefreshTokens(repository,
            new RefreshProperties(3600, 10, Duration.ofHours(1)));

    private final Throttle throttle = new Throttle(db.client(), new Throttle.Settings(5, 100, 50,
            Duration.ofMinutes(15), Duration.ofDays(30), 20, Duration.ofHours(1), Duration.ofHours(1)));

    private final SqlFiles files = new SqlFiles("auth-");

    @Test
    void everyStatementIsItsFile() {
        files.add("auth-credentials", db.sentBy(repository.findCredentials("ann@example.com")));
        files.add("auth-signed-in", db.sentBy(repository.findSignedIn(2, 0)));
        files.add("auth-log-out", db.sentBy(repository.logOut(2)));
        RefreshTokens.Issued token = refreshTokens.issue();
        files.add("auth-start-session", db.sentBy(refreshTokens.start(2, token)));
        files.add("auth-rotate", db.sentBy(refreshTokens.rotate(token.token(), refreshTokens.issue())));
        files.add("auth-prune-refresh-tokens", db.sentBy(refreshTokens.prune()));
        files.add("auth-throttle-take-log-in", db.sentBy(throttle.takeLogIn("ann@example.com", "192.0.2.1")));
        files.add("auth-throttle-logged-in", db.sentBy(throttle.loggedIn("ann@example.com", "192.0.2.1")));
        files.add("auth-throttle-take-sign-up", db.sentBy(throttle.takeSignUp("192.0.2.1")));
        List<String> prune = db.allSentBy(throttle.prune());
        assertThat(prune).hasSize(2);
        files.add("auth-throttle-prune-counters", prune.get(0));
        files.add("auth-throttle-prune-trusted", prune.get(1));
        files.verify();
    }

}
