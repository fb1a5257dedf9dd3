package dev.articlesapi.web;

import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Reads a JSON body and validates it: a missing or invalid body is a 400 with the failing fields. */
@Component
public class RequestBodies {

    private final Validator validator;

    public RequestBodies(Validator validator) {
        this.validator = validator;
        // The first failed validation loads the message bundles (file reads): do it now, at start-up,
        // not on an event-loop thread.
        validator.validate(new Warm(null));
    }

    private record Warm(@jakarta.validation.constraints.NotNull String value) {}

    public <T> Mono<T> valid(ServerRequest req, Class<T> type) {
        return req.bodyToMono(type)
                .switchIfEmpty(Mono.error(() -> ApiException.badRequest("Request body is required")))
                .doOnNext(this::check);
    }

    public <T> void check(T body) {
        var violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
    }
}
