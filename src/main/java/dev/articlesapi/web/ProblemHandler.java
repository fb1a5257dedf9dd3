package dev.articlesapi.web;

import static dev.articlesapi.web.Causes.find;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error the API answers, in one place: each is (or becomes) an
 * {@link ErrorResponse} whose status, headers and {@code ProblemDetail}
 * {@link ProblemWriter} writes. Ours are {@link ApiException}s, answered as they are;
 * Spring's (a bad body, a media type, no route) get the contract's details; a failure of
 * the database gets the answer of {@link DatabaseErrors}; a constraint violation no
 * repository claimed is a 409; anything else a 500 with an id that the log has with the
 * stack trace.
 */
@Component
@Order(-2)
class ProblemHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final ProblemWriter writer;

    ProblemHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    /**
     * A client that went away (a health check that gave up, a browser tab closed) is not
     * an error of ours and has no one to read a problem: it goes on to Spring's handler,
     * which logs it at debug level, not as an unexpected 500.
     */
    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted() || DisconnectedClientHelper.isClientDisconnectedException(ex)) {
            return Mono.error(ex);
        }
        ErrorResponse error = toErrorResponse(ex, exchange.getRequest().getPath().value());
        Object id = error.getBody().getProperties() == null ? null : error.getBody().getProperties().get("id");
        if (id != null) {
            log.error("Unexpected error {} on {} {}", id, exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), ex);
        }
        return writer.write(exchange, error);
    }

    static ErrorResponse toErrorResponse(Throwable ex, String path) {
        if (ex instanceof ApiException api) {
            return api;
        }
        if (find(ex, DataBufferLimitException.class) != null) {
            return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Request body is too large");
        }
        if (ex instanceof UnsupportedMediaTypeStatusException) {
            return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        if (ex instanceof ServerWebInputException || ex instanceof DecodingException) {
            return badInput(ex);
        }
        if (ex instanceof ErrorResponse response) {
            HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
            if (status == null) {
                status = HttpStatus.BAD_REQUEST;
            }
            return new ApiException(status,
                    status == HttpStatus.NOT_FOUND ? "No route for " + path : response.getBody().getDetail());
        }
        ApiException database = DatabaseErrors.answer(ex);
        if (database != null) {
            return database;
        }
        if (ex instanceof DataIntegrityViolationException) {
            return ApiException.conflict("The change conflicts with existing data");
        }
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        ApiException unexpected = new ApiException(HttpStatus.INTERNAL_SERVER_ERROR,
                "Unexpected error; quote id " + id + " when reporting it");
        unexpected.getBody().setProperty("id", id);
        return unexpected;
    }

    private static ApiException badInput(Throwable ex) {
        MismatchedInputException mismatch = find(ex, MismatchedInputException.class);
        if (mismatch != null && !mismatch.getPath().isEmpty()) {
            return ApiException.invalid(fieldPath(mismatch.getPath()), "must be " + describe(mismatch.getTargetType()));
        }
        if (find(ex, JacksonException.class) != null || find(ex, DecodingException.class) != null) {
            return ApiException.badRequest("Malformed JSON request body");
        }
        String reason = ex instanceof ServerWebInputException input ? input.getReason() : null;
        return ApiException.badRequest(reason == null ? "Bad request" : reason);
    }

    static String fieldPath(List<JacksonException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : refs) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            }
            else if (ref.getIndex() >= 0) {
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
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

}
