package dev.articlesapi.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes a Problem as application/problem+json; used by the error handler and by security's 401/403. */
@Component
public class ProblemWriter {

    /** The Retry-After of every 503: the database unreachable or not migrated yet, a deadline, a cap reached. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final URI BLANK = URI.create("about:blank");

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public static Problem problem(HttpStatus status, String detail, String instance, List<Problem.FieldError> errors,
                                  String id) {
        return new Problem(BLANK, status.getReasonPhrase(), status.value(), detail, instance, errors, id);
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        return write(exchange, problem(status, detail, exchange.getRequest().getPath().value(), null, null), null);
    }

    public Mono<Void> write(ServerWebExchange exchange, Problem problem, Duration retryAfter) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatus.valueOf(problem.status()));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.remove(HttpHeaders.CONTENT_LENGTH);
        if (retryAfter != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }
        byte[] body = json.writeValueAsBytes(problem);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
