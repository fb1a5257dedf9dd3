package dev.articlesapi.web;

import jakarta.validation.constraints.NotNull;
import org.springframework.stereotype.Component;
import org.springframework.validation.DirectFieldBindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON body and validates it: a missing or invalid body is a 400 with the failing
 * fields.
 */
@Component
public class RequestBodies {

    private final SpringValidatorAdapter validator;

    private final JsonMapper json;

    RequestBodies(SpringValidatorAdapter validator, JsonMapper json) {
        this.validator = validator;
        this.json = json;
        // The first failed validation loads the message bundles (file reads): do it now,
        // at start-up,
        // not on an event-loop thread.
        Warm warm = new Warm(null);
        validator.validate(warm, new DirectFieldBindingResult(warm, "body"));
    }

    private record Warm(@NotNull String value) {
    }

    /**
     * Builds the JSON deserializer and the validation metadata of each body type now, at
     * start-up: built on first use instead, parallel first requests wait for each other
     * on the caches' locks, on event-loop threads.
     */
    public void warm(Class<?>... types) {
        for (Class<?> type : types) {
            json.readerFor(type);
            validator.getConstraintsForClass(type);
        }
    }

    public <T> Mono<T> valid(ServerRequest req, Class<T> type) {
        return req.bodyToMono(type)
            .switchIfEmpty(Mono.error(() -> ApiException.badRequest("Request body is required")))
            .doOnNext(this::check);
    }

    /**
     * Validates the body: its failed fields, named as Spring's validator adapter names
     * them, are a 400.
     */
    public <T> void check(T body) {
        Errors errors = new DirectFieldBindingResult(body, "body");
        validator.validate(body, errors);
        if (errors.hasErrors()) {
            throw ApiException.invalid(errors);
        }
    }

}
