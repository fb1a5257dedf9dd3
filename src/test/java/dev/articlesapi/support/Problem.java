package dev.articlesapi.support;

import java.net.URI;
import java.util.List;

/**
 * The contract's Problem (RFC 9457) as a client reads it; {@code errors} only for
 * validation, {@code id} only for an unexpected failure (the id in the log).
 */
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors,
        String id) {

    public record FieldError(String field, String message) {
    }

    /** The fields of {@link #errors()}, in order. */
    public List<String> fields() {
        return errors == null ? List.of() : errors.stream().map(FieldError::field).toList();
    }
}
