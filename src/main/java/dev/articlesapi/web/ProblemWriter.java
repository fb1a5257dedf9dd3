package dev.articlesapi.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes any {@link ErrorResponse} (ours are {@link ApiException}s) as
 * {@code application/problem+json}: its status, its headers ({@code Retry-After}), and
 * its {@link ProblemDetail} with the request's path as {@code instance}. Used by the
 * error handler and by security's 401 and 403.
 */
@Component
public class ProblemWriter {

    /**
     * The Retry-After of every 503: the database unreachable or not migrated yet, a
     * deadline, a cap reached.
     */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /**
     * RFC 9457's type of a problem that needs no more than its status to be understood.
     */
    private static final URI BLANK = URI.create("about:blank");

    private final JsonMapper json;

    ProblemWriter(JsonMapper json) {
        this.json = json.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJson.class).build();
    }

    public Mono<Void> write(ServerWebExchange exchange, ErrorResponse error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        ProblemDetail body = error.getBody();
        if (body.getType() == null) {
            body.setType(BLANK);
        }
        body.setInstance(URI.create(exchange.getRequest().getPath().value()));
        response.setStatusCode(error.getStatusCode());
        HttpHeaders headers = response.getHeaders();
        headers.addAll(error.getHeaders());
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] bytes = json.writeValueAsBytes(body);
        // stated, not left to the server: the answer to a HEAD has the same length
        headers.setContentLength(bytes.length);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
    }

    /**
     * How a {@link ProblemDetail} is written: the contract's member order (type, title,
     * status, detail, instance, then {@code errors} or {@code id}) and no null members.
     * Spring's own mix-in, which the application's mapper has, leaves the order to
     * Jackson 3, which sorts a class's properties by name.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({ "type", "title", "status", "detail", "instance" })
    abstract static class ProblemDetailJson {

        @JsonAnySetter
        abstract void setProperty(String name, Object value);

        @JsonAnyGetter
        abstract Map<String, Object> getProperties();

    }

}
