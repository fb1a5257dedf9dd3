package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What {@link Compression} compresses, and what it never does (BREACH, event streams).
 */
class CompressionTest {

    @Test
    void jsonProblemsAndNdjsonAreCompressed() {
        assertThat(compressible("articles", "application/json")).isTrue();
        assertThat(compressible("categories/7", "application/json;charset=UTF-8")).isTrue();
        assertThat(compressible("articles/abc", "application/problem+json")).isTrue();
        assertThat(compressible("articles", "application/x-ndjson")).isTrue();
    }

    @Test
    void eventStreamsAndOtherTypesAreNot() {
        assertThat(compressible("articles/events", "text/event-stream")).isFalse();
        assertThat(compressible("articles", "text/event-stream;charset=UTF-8")).isFalse();
        assertThat(compressible("swagger-ui.html", "text/html")).isFalse();
        assertThat(compressible("articles/1", null)).isFalse();
    }

    @Test
    void answersAboutCredentialsAreNever() {
        assertThat(compressible("authentication/log-in", "application/json")).isFalse();
        assertThat(compressible("authentication/refresh", "application/json")).isFalse();
        assertThat(compressible("authentication", "application/json")).isFalse();
        assertThat(compressible("authentication/log-in", "application/problem+json")).isFalse();
        HttpHeaders cookie = new DefaultHttpHeaders().add(HttpHeaderNames.CONTENT_TYPE, "application/json")
            .add(HttpHeaderNames.SET_COOKIE, "Authentication=x; HttpOnly");
        assertThat(Compression.compressible(request("users/1"), response(cookie))).isFalse();
    }

    private static boolean compressible(String path, String contentType) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (contentType != null) {
            headers.add(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        return Compression.compressible(request(path), response(headers));
    }

    private static HttpServerRequest request(String path) {
        HttpServerRequest request = mock(HttpServerRequest.class);
        when(request.path()).thenReturn(path);
        return request;
    }

    private static HttpServerResponse response(HttpHeaders headers) {
        HttpServerResponse response = mock(HttpServerResponse.class);
        when(response.responseHeaders()).thenReturn(headers);
        return response;
    }

}
