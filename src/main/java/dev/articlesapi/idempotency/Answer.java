package dev.articlesapi.idempotency;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A create's answer as it is sent, and replayed for its Idempotency-Key: the status, the
 * headers that describe the result (Location, ETag, Content-Type; whichever it has), and
 * the body's bytes.
 */
public record Answer(int status, HttpHeaders headers, byte[] body) {

    /** The headers a replay repeats; any other header of the answer is not stored. */
    static final List<String> STORED = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.CONTENT_TYPE);

    /** A 201 with {@code Location} and a JSON body. */
    public static Answer created(URI location, byte[] json) {
        HttpHeaders headers = new HttpHeaders();
        headers.setLocation(location);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new Answer(HttpStatus.CREATED.value(), headers, json);
    }

    Mono<ServerResponse> response() {
        return ServerResponse.status(status).headers(h -> h.addAll(headers)).bodyValue(body);
    }

}
