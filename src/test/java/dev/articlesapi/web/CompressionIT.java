package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.ArticleBody;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

/**
 * gzip on the wire: JSON and NDJSON answers above the threshold are compressed for a
 * client that accepts it, with the ETag of the identity body; server-sent events are not
 * compressed and still arrive one by one as they happen.
 */
class CompressionIT extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * Sends {@code Accept-Encoding: gzip} itself and decodes nothing: the test sees the
     * wire's Content-Encoding, and the contract check the body gunzipped.
     */
    private WebTestClient gzip;

    private String token;

    @BeforeEach
    void gzipClient() {
        // Reactor Netty's own default: no decompression (Spring's connector would turn
        // it on, and take Content-Encoding away)
        gzip = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create()))
            .baseUrl("http://localhost:" + port)
            .defaultHeader(HttpHeaders.ACCEPT_ENCODING, "gzip")
            .responseTimeout(Duration.ofSeconds(30))
            .filter(contract)
            .filter(gunzipped())
            .build();
        token = adminToken();
    }

    @Test
    void aLargeJsonAnswerIsGzippedWithTheEtagOfItsIdentityBody() {
        long category = createCategory("Tech");
        for (int i = 0; i < 5; i++) {
            createArticle(token, new ArticleBody("Article " + i, "lorem ipsum ".repeat(100), List.of(category)));
        }
        var identity = gzip.get()
            .uri("/categories/" + category)
            .header(HttpHeaders.ACCEPT_ENCODING, "identity")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .doesNotExist(HttpHeaders.CONTENT_ENCODING)
            .expectBody(String.class)
            .returnResult();
        assertThat(identity.getResponseBody()).hasSizeGreaterThan(2048);
        var compressed = gzip.get()
            .uri("/categories/" + category)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals(HttpHeaders.CONTENT_ENCODING, "gzip")
            .expectHeader()
            .valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody(String.class)
            .returnResult();
        assertThat(compressed.getResponseBody()).isEqualTo(identity.getResponseBody());
        String etag = identity.getResponseHeaders().getETag();
        assertThat(compressed.getResponseHeaders().getETag()).isEqualTo(etag);
        assertThat(compressed.getResponseHeaders().getVary()).contains("Accept-Encoding");
        // either representation's ETag revalidates either
        gzip.get()
            .uri("/categories/" + category)
            .header(HttpHeaders.IF_NONE_MATCH, etag)
            .exchange()
            .expectStatus()
            .isNotModified()
            .expectHeader()
            .doesNotExist(HttpHeaders.CONTENT_ENCODING);
    }

    @Test
    void aSmallAnswerOrAClientThatDoesNotAcceptGzipGetsTheIdentityBody() {
        createCategory("Tech");
        gzip.get()
            .uri("/categories")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .doesNotExist(HttpHeaders.CONTENT_ENCODING);
        gzip.get()
            .uri("/categories")
            .header(HttpHeaders.ACCEPT_ENCODING, "identity")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .doesNotExist(HttpHeaders.CONTENT_ENCODING);
    }

    @Test
    void anNdjsonListingIsGzippedLineByLine() {
        for (int i = 0; i < 30; i++) {
            createArticle(token, "Listed " + i);
        }
        var lines = gzip.get()
            .uri("/articles")
            .accept(MediaType.APPLICATION_NDJSON)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .valueEquals(HttpHeaders.CONTENT_ENCODING, "gzip")
            .expectBody(String.class)
            .returnResult()
            .getResponseBody()
            .split("\n");
        assertThat(lines).hasSize(30);
        assertThat(lines[29]).contains("\"title\":\"Listed 29\"");
    }

    @Test
    void eventsReachAGzipAcceptingSubscriberOneByOneAsTheyHappen() {
        // the API leaves event streams uncompressed (a compressor per open subscriber)
        StepVerifier
            .create(gzip.get()
                .uri("/articles/events")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist(HttpHeaders.CONTENT_ENCODING)
                .returnResult(String.class)
                .getResponseBody())
            .thenCancel()
            .verify(WAIT);
        // a client that asks for gzip and decodes whatever comes gets each event as it
        // is created, within the bound
        WebTestClient decoding = WebTestClient
            .bindToServer(new ReactorClientHttpConnector(HttpClient.create().compress(true)))
            .baseUrl("http://localhost:" + port)
            .responseTimeout(Duration.ofSeconds(30))
            .filter(contract)
            .build();
        var events = decoding.get()
            .uri("/articles/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
            })
            .getResponseBody()
            .filter(e -> e.event() != null);
        StepVerifier.create(events)
            .then(() -> createArticle(token, "First"))
            .assertNext(e -> assertThat(e.data()).contains("\"title\":\"First\""))
            .then(() -> createArticle(token, "Second"))
            .assertNext(e -> assertThat(e.data()).contains("\"title\":\"Second\""))
            .thenCancel()
            .verify(WAIT);
    }

    /**
     * Each line of an NDJSON listing leaves compressed as soon as it is written: read raw
     * off the socket, every HTTP chunk the server wrote inflates, on its own after the
     * ones before, to whole lines (none held back in the compressor until the end).
     */
    @Test
    void eachCompressedNdjsonChunkInflatesToWholeLines() throws Exception {
        for (int i = 0; i < 40; i++) {
            createArticle(token, new ArticleBody("Streamed " + i, "lorem ipsum ".repeat(40), List.of()));
        }
        byte[] raw;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream()
                .write(("GET /articles HTTP/1.1\r\nHost: localhost\r\nAccept: application/x-ndjson\r\n"
                        + "Accept-Encoding: gzip\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            raw = socket.getInputStream().readAllBytes();
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int bodyStart = text.indexOf("\r\n\r\n") + 4;
        assertThat(text.substring(0, bodyStart)).containsIgnoringCase("content-encoding: gzip")
            .containsIgnoringCase("transfer-encoding: chunked");
        Inflater inflater = new Inflater(true);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        int at = bodyStart;
        int header = 10; // gzip's fixed header, no optional fields
        int chunksWithLines = 0;
        while (true) {
            int eol = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, eol), 16);
            if (size == 0) {
                break;
            }
            int from = eol + 2;
            int skip = Math.min(header, size);
            header -= skip;
            inflater.setInput(raw, from + skip, size - skip);
            byte[] out = new byte[65536];
            int before = lines.size();
            while (!inflater.needsInput() && !inflater.finished()) {
                lines.write(out, 0, inflater.inflate(out));
            }
            if (lines.size() > before) {
                chunksWithLines++;
                assertThat(lines.toString(StandardCharsets.UTF_8)).endsWith("\n");
            }
            at = from + size + 2;
        }
        String[] all = lines.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(all).hasSize(40);
        assertThat(chunksWithLines).isGreaterThan(1);
    }

    /** Gunzips a gzip body as a whole, leaving the Content-Encoding header in place. */
    private static ExchangeFilterFunction gunzipped() {
        return (request, next) -> next.exchange(request)
            .map(response -> !"gzip".equals(response.headers().asHttpHeaders().getFirst(HttpHeaders.CONTENT_ENCODING))
                    ? response
                    : response.mutate()
                        .body(body -> DataBufferUtils.join(body).map(CompressionIT::gunzip).flux())
                        .build());
    }

    private static DataBuffer gunzip(DataBuffer compressed) {
        byte[] bytes = new byte[compressed.readableByteCount()];
        compressed.read(bytes);
        DataBufferUtils.release(compressed);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return DefaultDataBufferFactory.sharedInstance.wrap(in.readAllBytes());
        }
        catch (IOException e) {
            throw new UncheckedIOException(new String(bytes, StandardCharsets.ISO_8859_1), e);
        }
    }

}
