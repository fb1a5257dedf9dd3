package dev.articlesapi.web;

import static dev.articlesapi.web.Causes.find;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Every error the API answers, rendered in one place as the contract's Problem. */
@Component
@Order(-2)
class ProblemHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final ProblemWriter writer;

    ProblemHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        String path = exchange.getRequest().getPath().value();
        Problem problem = toProblem(ex, path);
        if (problem.status() >= 500 && problem.id() != null) {
            log.error("Unexpected error {} on {} {}", problem.id(), exchange.getRequest().getMethod(), path, ex);
        }
        Duration retryAfter = ex instanceof ApiException api ? api.retryAfter()
                : problem.status() == 503 ? ProblemWriter.RETRY_AFTER : null;
        return writer.write(exchange, problem, retryAfter);
    }

    static Problem toProblem(Throwable ex, String path) {
        if (ex instanceof ApiException api) {
            return ProblemWriter.problem(api.status(), api.getMessage(), path, api.errors(), null);
        }
        if (find(ex, DataBufferLimitException.class) != null) {
            return ProblemWriter.problem(HttpStatus.CONTENT_TOO_LARGE, "Request body is too large", path, null, null);
        }
        if (ex instanceof UnsupportedMediaTypeStatusException) {
            return ProblemWriter.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json", path, null, null);
        }
        if (ex instanceof ServerWebInputException || ex instanceof DecodingException) {
            return badInput(ex, path);
        }
        if (ex instanceof ErrorResponse response) {
            HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
            if (status == null) {
                status = HttpStatus.BAD_REQUEST;
            }
            String detail = status == HttpStatus.NOT_FOUND ? "No route for " + path : response.getBody().getDetail();
            return ProblemWriter.problem(status, detail, path, null, null);
        }
        if (isDatabaseDown(ex)) {
            return ProblemWriter.problem(HttpStatus.SERVICE_UNAVAILABLE,
                    "The database cannot be reached or did not answer in time; try again shortly", path, null, null);
        }
        if (isConcurrentConflict(ex)) {
            return ProblemWriter.problem(HttpStatus.SERVICE_UNAVAILABLE,
                    "The change collided with a concurrent one and was not made; try again", path, null, null);
        }
        if (isUnstorableText(ex)) {
            return ProblemWriter.problem(HttpStatus.BAD_REQUEST,
                    "Text must not contain NUL characters or invalid Unicode", path, null, null);
        }
        if (ex instanceof DataIntegrityViolationException) {
            return ProblemWriter.problem(HttpStatus.CONFLICT, "The change conflicts with existing data", path, null,
                    null);
        }
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return ProblemWriter.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "Unexpected error; quote id " + id + " when reporting it", path, null, id);
    }

    private static Problem badInput(Throwable ex, String path) {
        MismatchedInputException mismatch = find(ex, MismatchedInputException.class);
        if (mismatch != null && !mismatch.getPath().isEmpty()) {
            String field = fieldPath(mismatch.getPath());
            return ProblemWriter.problem(HttpStatus.BAD_REQUEST, "Validation failed", path,
                    List.of(new Problem.FieldError(field, "must be " + describe(mismatch.getTargetType()))), null);
        }
        if (find(ex, JacksonException.class) != null || find(ex, DecodingException.class) != null) {
            return ProblemWriter.problem(HttpStatus.BAD_REQUEST, "Malformed JSON request body", path, null, null);
        }
        String reason = ex instanceof ServerWebInputException input ? input.getReason() : null;
        return ProblemWriter.problem(HttpStatus.BAD_REQUEST, reason == null ? "Bad request" : reason, path, null, null);
    }

    static String fieldPath(List<JacksonException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : refs) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** PostgreSQL refuses NUL and unencodable characters in text (SQLSTATE 22021, 22P05). */
    static boolean isUnstorableText(Throwable ex) {
        String state = sqlState(ex);
        return "22021".equals(state) || "22P05".equals(state);
    }

    /**
     * A deadlock or a serialization failure (SQLSTATE class 40: the transaction was rolled back) or a lock that could
     * not be had (55P03): nothing was written, and the same request may well succeed a moment later.
     */
    static boolean isConcurrentConflict(Throwable ex) {
        String state = sqlState(ex);
        return state != null && (state.startsWith("40") || "55P03".equals(state));
    }

    /** The SQLSTATE of the database error in the chain, or null. */
    private static String sqlState(Throwable ex) {
        io.r2dbc.spi.R2dbcException r2dbc = find(ex, io.r2dbc.spi.R2dbcException.class);
        return r2dbc == null ? null : r2dbc.getSqlState();
    }

    /**
     * The database is unreachable, closed the connection, or did not answer within a bound: connection exceptions
     * (SQLSTATE class 08), operator intervention (57: a statement over statement_timeout, a terminated backend, a
     * shutdown), a resource failure of the driver or the pool, or a time-out.
     */
    static boolean isDatabaseDown(Throwable ex) {
        String state = sqlState(ex);
        return state != null && (state.startsWith("08") || state.startsWith("57"))
                || find(ex, R2dbcNonTransientResourceException.class) != null
                || find(ex, R2dbcTransientResourceException.class) != null
                || find(ex, DataAccessResourceFailureException.class) != null
                || find(ex, ConnectException.class) != null
                || find(ex, TimeoutException.class) != null
                || ex.getClass().getName().startsWith("reactor.pool.");
    }
}
