package dev.articlesapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiInstance;
import dev.articlesapi.support.Article;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Shutting the API down lets in-flight requests finish and ends live event streams
 * cleanly.
 */
class GracefulShutdownIT {

    @Test
    void inFlightStreamCompletesAndEventStreamsEndWhenTheApiStops() throws Exception {
        try (var api = ApiInstance.start()) {
            DatabaseClient db = api.bean(DatabaseClient.class);
            db.sql("TRUNCATE articles, article_events RESTART IDENTITY CASCADE").then().block();
            db.sql("""
                    INSERT INTO articles (title, content, author_id)
                    SELECT 'T' || g, 'C', 1 FROM generate_series(1, 3000) g""").then().block();
            // the client runs on event loops of its own: the API's shutdown releases the
            // shared reactor-netty resources
            LoopResources clientLoops = LoopResources.create("shutdown-test-client", 1, true);
            WebClient client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(
                        HttpClient.create(ConnectionProvider.newConnection()).runOn(clientLoops)))
                .baseUrl(api.url())
                .build();

            CompletableFuture<Void> streamStarted = new CompletableFuture<>();
            CompletableFuture<List<Article>> slowStream = client.get()
                .uri("/articles")
                .accept(MediaType.APPLICATION_NDJSON)
                .retrieve()
                .bodyToFlux(Article.class)
                .doOnNext(a -> streamStarted.complete(null))
                // a slow client: about 3 s for the whole stream
                .delayElements(Duration.ofMillis(1))
                .collectList()
                .toFuture();
            CompletableFuture<Void> eventsStarted = new CompletableFuture<>();
            CompletableFuture<List<ServerSentEvent<String>>> events = client.get()
                .uri("/articles/events")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                })
                .doOnNext(e -> eventsStarted.complete(null))
                .collectList()
                .toFuture();
            streamStarted.get(20, TimeUnit.SECONDS);
            eventsStarted.get(20, TimeUnit.SECONDS);

            api.close();

            assertThat(slowStream.get(30, TimeUnit.SECONDS)).hasSize(3000);
            assertThat(events.get(30, TimeUnit.SECONDS)).isNotEmpty().allMatch(e -> e.comment() != null);
            clientLoops.disposeLater().block(Duration.ofSeconds(10));
        }
    }

}
