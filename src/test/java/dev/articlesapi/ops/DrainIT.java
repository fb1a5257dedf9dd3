package dev.articlesapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * An instance that stops behind a load balancer (bench/cluster.sh, the rolling restart):
 * readiness goes down first, and it goes on answering, each answer closing its keep-alive
 * connection, for {@code articles.shutdown.delay}; its event streams end only after that.
 * The test plays the balancer: requests on pooled keep-alive connections until the health
 * check answers 503, and then the few that were already on their way.
 */
class DrainIT {

    record Answer(int status, String connection) {
    }

    @Test
    void stoppingInstanceTurnsNotReadyThenAnswersWithConnectionCloseBeforeItsPortCloses() throws Exception {
        try (var api = ApiInstance.start("articles.shutdown.delay=3s")) {
            // the client runs on event loops of its own: the API's shutdown releases the
            // shared reactor-netty resources
            LoopResources loops = LoopResources.create("drain-test-client", 1, true);
            AtomicInteger connections = new AtomicInteger();
            HttpClient http = HttpClient.create(ConnectionProvider.create("drain-test", 4))
                .runOn(loops)
                .doOnConnected(c -> connections.incrementAndGet())
                .baseUrl(api.url())
                .responseTimeout(Duration.ofSeconds(10));
            CompletableFuture<Void> eventsStarted = new CompletableFuture<>();
            CompletableFuture<List<ServerSentEvent<String>>> events = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(
                        HttpClient.create(ConnectionProvider.newConnection()).runOn(loops)))
                .baseUrl(api.url())
                .build()
                .get()
                .uri("/articles/events")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                })
                .doOnNext(e -> eventsStarted.complete(null))
                .collectList()
                .toFuture();
            eventsStarted.get(20, TimeUnit.SECONDS);
            assertThat(get(http, "/articles?limit=1")).isEqualTo(new Answer(200, null));

            CompletableFuture<Void> closed = CompletableFuture.runAsync(api::close);
            List<Answer> whileReady = new ArrayList<>();
            Answer readiness;
            do {
                whileReady.add(get(http, "/articles?limit=1"));
                readiness = get(http, "/actuator/health/readiness");
            }
            while (readiness.status() == 200 && whileReady.size() < 100_000);
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(events).as("event streams end after the delay, not before").isNotDone();
            List<Answer> notReady = new ArrayList<>();
            int connectionsBefore = connections.get();
            for (int i = 0; i < 10; i++) {
                notReady.add(get(http, "/articles?limit=1"));
            }
            assertThat(closed).as("the port is still open").isNotDone();
            assertThat(connections.get() - connectionsBefore).as("each answer closed its connection").isEqualTo(10);

            assertThat(whileReady).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
            assertThat(notReady).containsOnly(new Answer(200, "close"));
            closed.get(30, TimeUnit.SECONDS);
            assertThat(events.get(30, TimeUnit.SECONDS)).isNotEmpty();
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    /** A GET on a pooled connection; no answer (a refused or reset connection) throws. */
    private static Answer get(HttpClient http, String path) {
        return http.get()
            .uri(path)
            .responseSingle((response, body) -> body.asString()
                .defaultIfEmpty("")
                .map(b -> new Answer(response.status().code(), response.responseHeaders().get("Connection"))))
            .block(Duration.ofSeconds(15));
    }

}
