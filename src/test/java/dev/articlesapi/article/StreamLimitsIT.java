package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.Article;
import dev.articlesapi.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

/**
 * Caps on open listings and event subscribers, and clients that read slowly or not at
 * all.
 */
@TestPropertySource(properties = { "articles.streams.max-listings=3", "articles.streams.max-subscribers=2" })
class StreamLimitsIT extends ApiTest {

    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    private final List<BaseSubscriber<?>> open = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        open.forEach(BaseSubscriber::dispose);
    }

    private WebClient client() {
        return WebClient.builder().baseUrl("http://localhost:" + port).build();
    }

    /**
     * A client that reads the first buffer of the NDJSON listing and then nothing more.
     */
    private BaseSubscriber<DataBuffer> stalledListing(AtomicLong received) {
        BaseSubscriber<DataBuffer> reader = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(DataBuffer buffer) {
                received.addAndGet(buffer.readableByteCount());
                DataBufferUtils.release(buffer);
            }
        };
        // uncompressed: gzipped, these repetitive articles would fit in the socket
        // buffers
        // and the listing would end instead of stalling
        client().get()
            .uri("/articles")
            .accept(MediaType.APPLICATION_NDJSON)
            .header(HttpHeaders.ACCEPT_ENCODING, "identity")
            .retrieve()
            .bodyToFlux(DataBuffer.class)
            .subscribe(reader);
        open.add(reader);
        return reader;
    }

    private BaseSubscriber<ServerSentEvent<String>> subscriber(AtomicLong received) {
        BaseSubscriber<ServerSentEvent<String>> reader = new BaseSubscriber<>() {
            @Override
            protected void hookOnNext(ServerSentEvent<String> event) {
                received.incrementAndGet();
            }
        };
        client().get()
            .uri("/articles/events")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .retrieve()
            .bodyToFlux(SSE)
            .subscribe(reader);
        open.add(reader);
        return reader;
    }

    /**
     * Enough articles (about 30 MB of NDJSON) that a reader that stops fills every buffer
     * on the way.
     */
    private void seedLarge() {
        db.sql("""
                INSERT INTO articles (title, content, author_id)
                SELECT 'Article ' || g, repeat('Long body ' || g || '. ', 800), 1
                FROM generate_series(1, 3000) g""").then().block();
    }

    private void expectStreamCapReached(String uri, MediaType accept) {
        http.get()
            .uri(uri)
            .accept(accept)
            .header("Origin", TestDatabase.ALLOWED_ORIGIN)
            .exchange()
            .expectStatus()
            .isEqualTo(503)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .exists("Retry-After")
            .expectHeader()
            .valueEquals("X-Content-Type-Options", "nosniff")
            .expectHeader()
            .valueEquals("Access-Control-Allow-Origin", TestDatabase.ALLOWED_ORIGIN)
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo(503)
            .jsonPath("$.detail")
            .value(d -> assertThat((String) d).startsWith("Too many open"));
    }

    @Test
    void stalledReadersHoldTheirStreamsWithoutSlowingOthersAndTheCapAnswers503() {
        seedLarge();
        AtomicLong first = new AtomicLong();
        AtomicLong second = new AtomicLong();
        BaseSubscriber<DataBuffer> one = stalledListing(first);
        stalledListing(second);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.get() > 0 && second.get() > 0);
        // readers that stopped hold no pooled connection: each page is read whole, then
        // waits in memory
        await().atMost(Duration.ofSeconds(5)).until(() -> statements.acquiredConnections() == 0);

        // a third reader gets everything while the two others read nothing
        http.get()
            .uri("/articles?limit=3000")
            .accept(MediaType.APPLICATION_NDJSON)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(Article.class)
            .getResponseBody()
            .count()
            .as(StepVerifier::create)
            .expectNext(3000L)
            .verifyComplete();
        http.get()
            .uri("/articles?limit=5")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.count")
            .isEqualTo(3000);

        // the cap: two held + one more held = three, the fourth is refused
        stalledListing(new AtomicLong());
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> expectStreamCapReached("/articles", MediaType.APPLICATION_NDJSON));
        expectStreamCapReached("/articles", MediaType.TEXT_EVENT_STREAM);
        // pages are not streams
        http.get().uri("/articles?limit=1").exchange().expectStatus().isOk();

        one.dispose(); // a client that goes away gives its place back
        await().atMost(Duration.ofSeconds(10))
            .until(() -> http.get()
                .uri("/articles?limit=2")
                .accept(MediaType.APPLICATION_NDJSON)
                .exchange()
                .returnResult(Article.class)
                .getStatus()
                .value() == 200);
    }

    @Test
    void eventSubscribersPastTheCapGet503AndALeavingOneMakesRoom() {
        AtomicLong a = new AtomicLong();
        AtomicLong b = new AtomicLong();
        BaseSubscriber<ServerSentEvent<String>> first = subscriber(a);
        subscriber(b);
        // heartbeats arrived
        await().atMost(Duration.ofSeconds(10)).until(() -> a.get() > 0 && b.get() > 0);

        expectStreamCapReached("/articles/events", MediaType.TEXT_EVENT_STREAM);

        first.dispose();
        AtomicLong c = new AtomicLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (c.get() == 0) {
                subscriber(c);
            }
            return c.get() > 0;
        });
    }

}
