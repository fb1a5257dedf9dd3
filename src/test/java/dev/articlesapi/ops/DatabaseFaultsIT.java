package dev.articlesapi.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.articlesapi.support.ApiInstance;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.FaultProxy;
import dev.articlesapi.support.LogInBody;
import dev.articlesapi.support.SignUpBody;
import dev.articlesapi.support.TestDatabase;
import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The API with its default bounds, talking to PostgreSQL through a proxy that stalls,
 * cuts and delays the traffic, and with its backends terminated under load: every request
 * gets an answer within 5 s (503 with Retry-After when the database does not answer),
 * nothing acknowledged is lost, nothing is half-written, and service resumes by itself
 * within 5 s after the database does.
 */
class DatabaseFaultsIT {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private static final String APP_NAME = "articles-api-faults";

    private FaultProxy proxy;

    private ApiInstance api;

    private WebClient client;

    private String token;

    /**
     * A request's outcome: its status, how long it took, and the id of a created article.
     */
    record Outcome(int status, Duration took, Long id) {
    }

    @BeforeEach
    void start() {
        TestDatabase.start(); // the database's address, for the proxy
        URI db = URI.create(System.getProperty("spring.r2dbc.url").substring("r2dbc:".length()));
        proxy = new FaultProxy(db.getHost(), db.getPort());
        api = ApiInstance.start("spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:" + proxy.port() + db.getPath()
                + "?applicationName=" + APP_NAME);
        client = WebClient.builder().baseUrl(api.url()).build();
        String email = "faults" + ThreadLocalRandom.current().nextInt(1_000_000) + "@example.com";
        call("POST", "/authentication/sign-up", new SignUpBody(email, "Faults", "password123")).block();
        token = client.post()
            .uri("/authentication/log-in")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new LogInBody(email, "password123"))
            .exchangeToMono(r -> Mono.justOrEmpty(r.cookies().getFirst("Authentication")))
            .map(c -> c.getValue())
            .block();
        assertThat(token).isNotBlank();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            proxy.resume();
            api.close();
        }
        proxy.close();
    }

    private Mono<Outcome> call(String method, String uri, Object body) {
        var request = client.method(HttpMethod.valueOf(method)).uri(uri).headers(h -> {
            if (token != null) {
                h.setBearerAuth(token);
            }
        });
        var sent = body == null ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        long start = System.nanoTime();
        return sent.exchangeToMono(r -> {
            int status = r.statusCode().value();
            if (status == 503) {
                assertThat(r.headers().header(HttpHeaders.RETRY_AFTER)).isNotEmpty();
                assertThat(r.headers().contentType()).contains(MediaType.APPLICATION_PROBLEM_JSON);
            }
            // any body (an article, a page, a problem): the id of what a 201 created,
            // when it has one
            return r.bodyToMono(Map.class)
                .map(b -> b.get("id") instanceof Number n ? n.longValue() : -1L)
                .defaultIfEmpty(-1L)
                .map(id -> new Outcome(status, Duration.ofNanos(System.nanoTime() - start), id < 0 ? null : id));
        });
    }

    private Mono<Outcome> post(String title) {
        return call("POST", "/articles", new ArticleBody(title, "Written during a fault"));
    }

    private static Set<Long> storedArticleIds() {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        try (var c = DriverManager.getConnection(TestDatabase.jdbcUrl(), TestDatabase.username(),
                TestDatabase.password()); var rs = c.createStatement().executeQuery("SELECT id FROM articles")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /**
     * Articles of a title and their created events: a write is in the table whole (with
     * its event) or not at all.
     */
    private static long[] articleAndEventCount(String title) {
        try (var c = DriverManager.getConnection(TestDatabase.jdbcUrl(), TestDatabase.username(),
                TestDatabase.password()); var rs = c.createStatement().executeQuery("""
                        SELECT (SELECT count(*) FROM articles WHERE title = '%s'),
                               (SELECT count(*) FROM article_events e JOIN articles a ON e.article_id = a.id
                                WHERE a.title = '%s' AND e.type = 'article-created')""".formatted(title, title))) {
            rs.next();
            return new long[] { rs.getLong(1), rs.getLong(2) };
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitServiceWithin(Duration bound) {
        await().atMost(bound)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> call("GET", "/articles?limit=1", null).block().status() == 200);
    }

    @Test
    void aStalledDatabaseGets503WithinTheBoundAndServiceResumesByItselfWithinFiveSecondsAfterIt() {
        call("GET", "/articles", null).blockOptional()
            .map(Outcome::status)
            .ifPresent(s -> assertThat(s).isEqualTo(200));
        proxy.stall();
        List<Outcome> during = Flux
            .merge(Flux.range(0, 30).map(i -> call("GET", "/articles?limit=5", null)),
                    Flux.just(call("GET", "/articles/1", null), call("GET", "/authentication", null),
                            call("GET", "/categories", null), post("Stalled write")))
            .flatMap(m -> m, 64)
            .collectList()
            .block(Duration.ofSeconds(30));
        assertThat(during).hasSize(34).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(503);
            assertThat(o.took()).isLessThan(BOUND);
        });

        proxy.resume();
        long resumed = System.nanoTime();
        awaitServiceWithin(BOUND);
        assertThat(Duration.ofNanos(System.nanoTime() - resumed)).isLessThan(BOUND);
        assertThat(call("GET", "/authentication", null).block().status()).isEqualTo(200);
        long[] stalled = articleAndEventCount("Stalled write");
        assertThat(stalled[0]).as("the write answered 503 is whole or absent").isEqualTo(stalled[1]).isLessThan(2);
        Outcome after = post("After the stall").block();
        assertThat(after.status()).isEqualTo(201);
        assertThat(articleAndEventCount("After the stall")).containsExactly(1, 1);
    }

    @Test
    void connectionsCutOrTerminatedUnderLoadGiveOnly503sLoseNoAcknowledgedWriteAndServiceResumes() {
        List<Outcome> outcomes = new ArrayList<>();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        Flux<Outcome> load = Flux.range(0, 600)
            .flatMap(i -> i % 3 == 0 ? post("Load " + i) : call("GET", "/articles?limit=5", null), 16)
            .doOnNext(o -> {
                answered.incrementAndGet();
                if (o.status() == 201) {
                    acknowledged.add(o.id());
                }
            });
        // each fault once the load has gone on for a while, whatever the machine's speed
        IntFunction<Mono<Long>> afterAnswers = n -> Flux.interval(Duration.ofMillis(10))
            .filter(t -> answered.get() >= n)
            .next();
        Mono<Void> faults = afterAnswers.apply(60)
            .then(offLoop(proxy::cut))
            .then(afterAnswers.apply(150))
            .then(offLoop(this::terminateBackends))
            .then(afterAnswers.apply(240))
            .then(offLoop(() -> proxy.refuse(true)))
            .then(Mono.delay(Duration.ofMillis(500)))
            .then(offLoop(() -> proxy.refuse(false)));
        outcomes.addAll(Flux.merge(load, faults.thenMany(Flux.empty())).collectList().block(Duration.ofSeconds(120)));

        assertThat(outcomes).hasSize(600).allSatisfy(o -> {
            assertThat(o.status()).isIn(200, 201, 503);
            assertThat(o.took()).isLessThan(BOUND);
        });
        assertThat(outcomes).anySatisfy(o -> assertThat(o.status()).isEqualTo(503));
        awaitServiceWithin(BOUND);
        assertThat(storedArticleIds()).containsAll(acknowledged);
    }

    /** The test's own blocking steps (JDBC), on a thread where blocking is allowed. */
    private static Mono<Void> offLoop(Runnable step) {
        return Mono.fromRunnable(step).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /**
     * pg_terminate_backend of every connection the API holds (the pool's and the event
     * listener's).
     */
    private void terminateBackends() {
        try (var c = DriverManager.getConnection(TestDatabase.jdbcUrl(), TestDatabase.username(),
                TestDatabase.password());
                var rs = c.createStatement()
                    .executeQuery(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '"
                                    + APP_NAME + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).isPositive();
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSlowNetworkIsServedAndOneSlowerThanTheBoundGets503InTime() {
        proxy.delay(Duration.ofMillis(50));
        assertThat(call("GET", "/articles?limit=5", null).block().status()).isEqualTo(200);
        assertThat(post("Slow but fine").block().status()).isEqualTo(201);

        proxy.delay(Duration.ofSeconds(8));
        Outcome tooSlow = call("GET", "/articles?limit=5", null).block(Duration.ofSeconds(30));
        assertThat(tooSlow.status()).isEqualTo(503);
        assertThat(tooSlow.took()).isLessThan(BOUND);

        proxy.delay(Duration.ZERO);
        awaitServiceWithin(BOUND);
    }

}
