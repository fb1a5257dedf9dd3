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
 * errors pass through untouched. A HEAD gets what its GET would: the same ETag, the same
 * 304.
 * <p>
 * Both the 200 and the 304 say how to cache them: {@code Cache-Control: no-cache} (a
 * browser or shared cache stores the answer and revalidates it with its ETag before each
 * use; {@code max-age=N} instead with {@link HttpProperties#publicMaxAge()}), in place of
 * the security headers' {@code no-store} and {@code Pragma}, which every other answer
 * keeps; and {@code Vary: Accept, Accept-Encoding} (the media type and the compression
 * chosen from them; the CORS filter has added {@code Origin} when CORS is configured).
 * The ETag is the identity body's, whether the answer is then compressed or not.
 */
@Component
class ConditionalGet implements WebFilter {

    private final String cacheControl;

    ConditionalGet(HttpProperties settings) {
        this.cacheControl = settings.publicCacheControl();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        if ((method != HttpMethod.GET && method != HttpMethod.HEAD)
                || !OpenRoutes.isPublicRead(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        List<String> ifNoneMatch = exchange.getRequest().getHeaders().getIfNoneMatch();
        return chain
            .filter(exchange.mutate().response(new Tagged(exchange.getResponse(), ifNoneMatch, cacheControl)).build());
    }

    private static final class Tagged extends ServerHttpResponseDecorator {

        private static final List<String> VARY = List.of(HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_ENCODING);

        private final List<String> ifNoneMatch;

        private final String cacheControl;

        Tagged(ServerHttpResponse response, List<String> ifNoneMatch, String cacheControl) {
            super(response);
            this.ifNoneMatch = ifNoneMatch;
            this.cacheControl = cacheControl;
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
                cacheable();
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
         * A 304 that the handler's own ETag decided (Spring's ServerResponse compares it
         * with If-None-Match before writing anything) is cacheable like the 200 it stands
         * for.
         */
        @Override
        public Mono<Void> setComplete() {
            if (HttpStatus.NOT_MODIFIED.equals(getStatusCode())) {
                cacheable();
            }
            return super.setComplete();
        }

        private void cacheable() {
            HttpHeaders headers = getHeaders();
            headers.setCacheControl(cacheControl);
            List<String> vary = headers.getVary();
            for (String name : VARY) {
                if (!vary.contains(name)) {
                    headers.add(HttpHeaders.VARY, name);
                }
            }
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
