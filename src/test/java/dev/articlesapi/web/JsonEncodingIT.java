package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.CategoryDetails;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON bodies leave in pooled chunks (the chunked encoder; a category row by row): whole,
 * exact, with their length.
 */
class JsonEncodingIT extends ApiTest {

    @Autowired
    ServerCodecConfigurer codecs;

    @Autowired
    JsonMapper mapper;

    @Test
    void theServersJsonWriterIsTheChunkedEncoder() {
        assertThat(codecs.getWriters())
            .filteredOn(w -> w instanceof EncoderHttpMessageWriter<?> e && e.getEncoder() instanceof ChunkedJsonEncoder)
            .hasSize(1);
        assertThat(codecs.getWriters()).noneMatch(w -> w instanceof EncoderHttpMessageWriter<?> e
                && e.getEncoder().getClass() == JacksonJsonEncoder.class);
    }

    @Test
    void aCategoryOfSeveralHundredKilobytesArrivesWholeWithItsLength() {
        signUp("ann@example.com");
        String token = logIn("ann@example.com");
        long category = createCategory("Big");
        String content = "\u00e9\u00e8 <b>&</b> \"quoted\" \u001f ".repeat(1500) + "end";
        for (int i = 0; i < 12; i++) {
            http.post()
                .uri("/articles")
                .headers(bearer(token))
                .bodyValue(new ArticleBody("Big " + i, content, List.of(category)))
                .exchange()
                .expectStatus()
                .isCreated();
        }
        // the identity body, as the encoder wrote it (a gzipped answer is chunked by the
        // compressor, CompressionIT)
        var result = http.get()
            .uri("/categories/" + category)
            .header(HttpHeaders.ACCEPT_ENCODING, "identity")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult();
        byte[] body = result.getResponseBody();
        assertThat(body.length).isGreaterThan(12 * 16384);
        assertThat(result.getResponseHeaders().getContentLength()).isEqualTo(body.length);
        CategoryDetails parsed = mapper.readValue(body, CategoryDetails.class);
        assertThat(parsed.articles()).hasSize(12).allSatisfy(a -> assertThat(a.content()).isEqualTo(content));
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("\\u001f");
    }

}
