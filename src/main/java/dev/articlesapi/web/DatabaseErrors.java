package dev.articlesapi.web;

import static dev.articlesapi.web.Causes.find;

import io.r2dbc.pool.ConnectionPoolException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.r2dbc.connection.ConnectionFactoryUtils;
import reactor.pool.PoolShutdownException;

/**
 * What a failure of the database means to a client, decided once for every statement.
 * Statements through {@code DatabaseClient} fail with Spring's
 * {@link DataAccessException} translation of the driver's exception; {@code db.Reads}
 * applies the same translation ({@link #translate}); {@link #answer} then reads the
 * category, and the SQLSTATE where Spring's categories are coarser than what the client
 * must be told.
 */
public final class DatabaseErrors {

    static final String DOWN = "The database cannot be reached or did not answer in time; try again shortly";
    static final String COLLIDED = "The change collided with a concurrent one and was not made; try again";
    static final String UNSTORABLE = "Text must not contain NUL characters or invalid Unicode";

    private DatabaseErrors() {
    }

    /**
     * Spring's translation of the driver's exception, exactly as {@code DatabaseClient}
     * translates it.
     */
    public static DataAccessException translate(R2dbcException e, String sql) {
        return ConnectionFactoryUtils.convertR2dbcException("Reads", sql, e);
    }

    /**
     * The answer to a failure of the database or its pool, or null when the failure is
     * not one (a constraint violation a repository did not claim is Spring's
     * {@code DataIntegrityViolationException}, a 409):
     * <ul>
     * <li>400: PostgreSQL refused a NUL or unencodable character in text (SQLSTATE 22021,
     * 22P05);</li>
     * <li>503 "collided": a deadlock, a serialization failure (class 40: rolled back) or
     * a lock that could not be had (55P03); nothing was written, and the same request may
     * well succeed a moment later;</li>
     * <li>503 "down": the database is unreachable, closed the connection or did not
     * answer within a bound (class 08, class 57: a statement over
     * {@code statement_timeout}, a terminated backend, a shutdown), or the pool could not
     * hand out a connection in time or is closed.</li>
     * </ul>
     */
    public static ApiException answer(Throwable ex) {
        R2dbcException driver = find(ex, R2dbcException.class);
        String state = driver == null || driver.getSqlState() == null ? "" : driver.getSqlState();
        if (state.equals("22021") || state.equals("22P05")) {
            return ApiException.badRequest(UNSTORABLE);
        }
        if (state.startsWith("40") || state.equals("55P03")) {
            return ApiException.unavailable(COLLIDED, ProblemWriter.RETRY_AFTER);
        }
        if (state.startsWith("08") || state.startsWith("57")
                || find(ex, DataAccessResourceFailureException.class) != null
                || find(ex, TransientDataAccessResourceException.class) != null
                || find(ex, QueryTimeoutException.class) != null
                || find(ex, R2dbcNonTransientResourceException.class) != null
                || find(ex, R2dbcTransientResourceException.class) != null
                || find(ex, R2dbcTimeoutException.class) != null || find(ex, ConnectionPoolException.class) != null
                || find(ex, PoolShutdownException.class) != null || find(ex, ConnectException.class) != null
                || find(ex, TimeoutException.class) != null) {
            return ApiException.unavailable(DOWN, ProblemWriter.RETRY_AFTER);
        }
        return null;
    }

}
