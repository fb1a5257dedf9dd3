package dev.articlesapi.web;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.Errors;
import org.springframework.web.ErrorResponseException;

/**
 * An error the API answers on purpose: Spring's {@link ErrorResponseException} with the
 * contract's {@link ProblemDetail} (an {@code errors} property for failed fields) and its
 * headers ({@code Retry-After}). Control flow, not a crash: it has no stack trace, so
 * throwing one costs what building it costs.
 */
public class ApiException extends ErrorResponseException {

    /**
     * A failed value of a request: its JSON path ({@code address.street},
     * {@code categoryIds[2]}) and why.
     */
    public record FieldError(String field, String message) {
    }

    public ApiException(HttpStatus status, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    private ApiException(HttpStatus status, String detail, List<FieldError> errors) {
        this(status, detail);
        getBody().setProperty("errors", errors);
    }

    private ApiException(HttpStatus status, String detail, Duration retryAfter) {
        this(status, detail);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail);
    }

    /** A 400 "Validation failed" naming the failed fields, in the order given. */
    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Validation failed", errors);
    }

    /** A 400 "Validation failed" for one field. */
    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /**
     * A 400 "Validation failed" for the field errors of a validated body, sorted by field
     * then message, each field named as Spring's validator adapter names it
     * ({@code address.street}, {@code categoryIds[2]}).
     */
    public static ApiException invalid(Errors errors) {
        return invalid(errors.getFieldErrors()
            .stream()
            .map(e -> new FieldError(e.getField(), e.getDefaultMessage()))
            .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
            .toList());
    }

    /**
     * Category ids in an article body that name no category; the detail lists exactly
     * those.
     */
    public static ApiException unknownCategories(List<Long> ids) {
        String list = String.join(", ", ids.stream().map(String::valueOf).toList());
        return new ApiException(HttpStatus.BAD_REQUEST, "Unknown category ids: " + list,
                List.of(new FieldError("categoryIds", "unknown ids: " + list)));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, detail);
    }

    public static ApiException notFound(String resource, Object id) {
        return new ApiException(HttpStatus.NOT_FOUND, resource + " " + id + " not found");
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail);
    }

    /**
     * 412: the request's If-Match does not name the resource's current entity tag, which
     * the answer carries in {@code ETag}.
     */
    public static ApiException preconditionFailed(String detail, String currentEtag) {
        ApiException e = new ApiException(HttpStatus.PRECONDITION_FAILED, detail);
        e.getHeaders().setETag(currentEtag);
        return e;
    }

    /** 428: the write must be conditional (If-Match) and is not. */
    public static ApiException preconditionRequired(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_REQUIRED, detail);
    }

    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, detail, retryAfter);
    }

    public static ApiException unavailable(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail, retryAfter);
    }

    /** A 405 for a path that exists with other methods, listed in {@code Allow}. */
    public static ApiException methodNotAllowed(Set<HttpMethod> allowed) {
        ApiException e = new ApiException(HttpStatus.METHOD_NOT_ALLOWED,
                "This path takes " + String.join(", ", allowed.stream().map(HttpMethod::name).toList()));
        e.getHeaders().setAllow(allowed);
        return e;
    }

    /** A 406: the route answers nothing that {@code Accept} allows. */
    public static ApiException notAcceptable() {
        return new ApiException(HttpStatus.NOT_ACCEPTABLE,
                "This route cannot answer in any media type that Accept allows");
    }

}
