package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.pool.ConnectionPoolException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.connection.ConnectionFactoryUtils;
import reactor.pool.PoolShutdownException;

/**
 * The one answer to database failures, the same whether the driver's exception comes raw,
 * through Spring's translation as {@code DatabaseClient} applies it, or through the same
 * translation as {@code Reads} applies it.
 */
class DatabaseErrorsTest {

    /** The exception as each path hands it to the problem handler. */
    private static List<Throwable> asEachPathRaisesIt(R2dbcException driver) {
        return List.of(driver, DatabaseErrors.translate(driver, "SELECT 1"),
                ConnectionFactoryUtils.convertR2dbcException("x", "SELECT 1", driver));
    }

    private static String detail(Throwable ex) {
        ApiException answer = DatabaseErrors.answer(ex);
        return answer == null ? null : answer.getStatusCode().value() + " " + answer.getBody().getDetail();
    }

    @Test
    void unreachableClosedOrTooSlowIs503Down() {
        List<R2dbcException> down = List.of(new R2dbcNonTransientResourceException("connection closed", "08006"),
                new R2dbcNonTransientResourceException("terminating connection", "57P01"),
                new R2dbcNonTransientResourceException("canceling statement due to statement timeout", "57014"),
                new R2dbcTransientResourceException("refused"),
                new R2dbcTimeoutException("Connection acquisition timed out after 2000ms"),
                new ConnectionPoolException("Validation timed out after 2000ms"));
        for (R2dbcException driver : down) {
            for (Throwable ex : asEachPathRaisesIt(driver)) {
                assertThat(detail(ex)).as(ex.toString()).isEqualTo("503 " + DatabaseErrors.DOWN);
                assertThat(DatabaseErrors.answer(ex).getHeaders().getFirst("Retry-After")).isEqualTo("5");
            }
        }
        for (Throwable ex : List.of(new PoolShutdownException(), new ConnectException("refused"),
                new TimeoutException())) {
            assertThat(detail(ex)).as(ex.toString()).isEqualTo("503 " + DatabaseErrors.DOWN);
        }
    }

    @Test
    void rolledBackOrLockNotAvailableIs503Collided() {
        for (String state : List.of("40001", "40P01", "55P03")) {
            for (Throwable ex : asEachPathRaisesIt(new R2dbcRollbackException("deadlock detected", state))) {
                assertThat(detail(ex)).as(state + " " + ex).isEqualTo("503 " + DatabaseErrors.COLLIDED);
            }
        }
    }

    @Test
    void textPostgresqlCannotStoreIs400() {
        for (String state : List.of("22021", "22P05")) {
            for (Throwable ex : asEachPathRaisesIt(new R2dbcDataIntegrityViolationException("invalid byte", state))) {
                assertThat(detail(ex)).as(state).isEqualTo("400 " + DatabaseErrors.UNSTORABLE);
            }
        }
    }

    @Test
    void constraintViolationsAndOtherErrorsAreNotItsToAnswer() {
        R2dbcException duplicate = new R2dbcDataIntegrityViolationException("duplicate key", "23505");
        assertThat(DatabaseErrors.translate(duplicate, "INSERT ...")).isInstanceOf(DuplicateKeyException.class);
        assertThat(DatabaseErrors.answer(DatabaseErrors.translate(duplicate, "INSERT ..."))).isNull();
        assertThat(DatabaseErrors.answer(new DataIntegrityViolationException("fk"))).isNull();
        assertThat(DatabaseErrors.answer(new R2dbcBadGrammarException("syntax error", "42601"))).isNull();
        assertThat(DatabaseErrors.answer(new IllegalStateException("bug"))).isNull();
    }

}
