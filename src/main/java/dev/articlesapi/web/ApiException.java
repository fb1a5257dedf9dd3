package dev.articlesapi.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;

/** An error the API answers on purpose, with the status and detail the client sees. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<Problem.FieldError> errors;
    private final Duration retryAfter;

    public ApiException(HttpStatus status, String detail) {
        this(status, detail, null, null);
    }

    private ApiException(HttpStatus status, String detail, List<Problem.FieldError> errors, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    public HttpStatus status() {
        return status;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, detail);
    }

    public static ApiException invalid(List<Problem.FieldError> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Validation failed", errors, null);
    }

    public static <T> ApiException invalid(Set<ConstraintViolation<T>> violations) {
        return invalid(violations.stream()
                .map(v -> new Problem.FieldError(field(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList());
    }

    /** Category ids in an article body that name no category; the detail lists exactly those. */
    public static ApiException unknownCategories(List<Long> ids) {
        String list = String.join(", ", ids.stream().map(String::valueOf).toList());
        return new ApiException(HttpStatus.BAD_REQUEST, "Unknown category ids: " + list,
                List.of(new Problem.FieldError("categoryIds", "unknown ids: " + list)), null);
    }

    /** {@code address.street}, {@code categoryIds[2]}: the JSON path of a failed value. */
    static String field(Path path) {
        StringBuilder sb = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable() && node.getIndex() != null) {
                sb.append('[').append(node.getIndex()).append(']');
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(node.getName());
        }
        return sb.toString();
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

    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, detail, null, retryAfter);
    }

    public static ApiException unavailable(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail, null, retryAfter);
    }
}
