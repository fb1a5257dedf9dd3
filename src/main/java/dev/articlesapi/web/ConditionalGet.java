package dev.articlesapi.web;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Conditional GETs of the public reads ({@link OpenRoutes#PUBLIC_READS}: an article, a
 * category, the category list, a page of articles): a 200 JSON answer carries a strong
 * {@code ETag}, the SHA-256 of its body, so it changes whenever any byte of the body does
 * (a title, a renamed category); or the ETag the handler set (an article's: its version,
 * which the writes compare with If-Match, README "Conditional writes"); a request whose
 * {@code If-None-Match} names it gets 304 without the body. Streams (NDJSON, SSE) and
 * errors pass through untouched.
 */
@Component
class ConditionalGet implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getMethod() != HttpMethod.GET
                || !OpenRoutes.isPublicRead(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        List<String> ifNoneMatch = exchange.getRequest().getHeaders().getIfNoneMatch();
        return chain.filter(exchange.mutate().response(new Tagged(exchange.getResponse(), ifNoneMatch)).build());
    }

    private static final class Tagged extends ServerHttpResponseDecorator {

        private final List<String> ifNoneMatch;

        Tagged(ServerHttpResponse response, List<String> ifNoneMatch) {
            super(response);
            this.ifNoneMatch = ifNoneMatch;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            MediaType type = getHeaders().getContentType();
            if (!HttpStatus.OK.equals(getStatusCode()) || type == null
                    || !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
                return super.writeWith(body);
            }
            String handlerEtag = getHeaders().getETag();
            return DataBufferUtils.join(body).flatMap(buffer -> {
                String etag = handlerEtag != null ? handlerEtag : etag(buffer);
                getHeaders().setETag(etag);
                if (matches(etag)) {
                    DataBufferUtils.release(buffer);
                    setStatusCode(HttpStatus.NOT_MODIFIED);
                    getHeaders().remove(HttpHeaders.CONTENT_TYPE);
                    getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
                    return setComplete();
                }
                return super.writeWith(Mono.just(buffer));
            });
        }

        /**
         * If-None-Match compares weakly (RFC 9110): {@code W/} prefixes do not matter;
         * {@code *} matches.
         */
        private boolean matches(String etag) {
            for (String candidate : ifNoneMatch) {
                String tag = candidate.strip();
                if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
                    return true;
                }
            }
            return false;
        }

        private static String etag(DataBuffer buffer) {
            MessageDigest sha256 = Sha256.digest();
            try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
                while (chunks.hasNext()) {
                    ByteBuffer chunk = chunks.next();
                    sha256.update(chunk);
                }
            }
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest()).substring(0, 27)
                    + "\"";
        }

    }

}
