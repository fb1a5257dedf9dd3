package dev.articlesapi.web;

import java.util.List;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 406 for a request whose {@code Accept} allows nothing the route answers. Functional
 * routes write JSON whatever Accept says, so the answer is checked: a request whose
 * Accept allows JSON (none, {@code *}{@code /*}, {@code application/json}: nearly all)
 * passes untouched; for the others
 * <ul>
 * <li>a write (POST, PUT, PATCH, DELETE) is refused before it runs, as every write
 * answers JSON or nothing: a write is never done and then refused;</li>
 * <li>a read's successful answer is refused when its Content-Type is not one Accept
 * allows (GET /articles/{id} with {@code Accept: application/xml}), and passes when it is
 * (GET /articles with {@code Accept: application/x-ndjson}, the events with
 * {@code text/event-stream}).</li>
 * </ul>
 * Errors are problems whatever Accept says (RFC 9110 allows a 4xx in any type). A path
 * whose routes select by Accept and none matches is {@link Methods}' 406.
 */
@Component
public class Negotiation implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        List<MediaType> accept;
        try {
            accept = exchange.getRequest().getHeaders().getAccept();
        }
        catch (InvalidMediaTypeException ex) {
            return Mono.error(ApiException.badRequest("Accept is not a list of media types"));
        }
        if (allows(accept, MediaType.APPLICATION_JSON)) {
            return chain.filter(exchange);
        }
        HttpMethod method = exchange.getRequest().getMethod();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return HttpMethod.OPTIONS.equals(method) ? chain.filter(exchange)
                    : Mono.error(ApiException.notAcceptable());
        }
        return chain.filter(exchange.mutate().response(new Checked(exchange.getResponse(), accept)).build());
    }

    /** Whether Accept (empty: anything) allows the type, a quality of 0 refusing it. */
    public static boolean allows(List<MediaType> accept, MediaType type) {
        if (accept.isEmpty()) {
            return true;
        }
        MediaType closest = null;
        for (MediaType range : accept) {
            if (range.includes(type) && (closest == null || specificity(range) > specificity(closest))) {
                closest = range;
            }
        }
        return closest != null && closest.getQualityValue() > 0;
    }

    private static int specificity(MediaType range) {
        return range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
    }

    private static final class Checked extends ServerHttpResponseDecorator {

        private final List<MediaType> accept;

        Checked(ServerHttpResponse response, List<MediaType> accept) {
            super(response);
            this.accept = accept;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            return refused() ? Flux.from(body).doOnNext(DataBufferUtils::release).then(Mono.defer(this::refusal))
                    : super.writeWith(body);
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return refused() ? refusal() : super.writeAndFlushWith(body);
        }

        private boolean refused() {
            MediaType type = getHeaders().getContentType();
            return getStatusCode() != null && getStatusCode().is2xxSuccessful() && type != null
                    && !allows(accept, new MediaType(type.getType(), type.getSubtype()));
        }

        private Mono<Void> refusal() {
            HttpHeaders headers = getHeaders();
            List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH, HttpHeaders.ETAG, HttpHeaders.LAST_MODIFIED,
                    HttpHeaders.LOCATION)
                .forEach(headers::remove);
            return Mono.error(ApiException.notAcceptable());
        }

    }

}
