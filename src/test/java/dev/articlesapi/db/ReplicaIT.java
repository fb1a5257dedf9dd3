package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiInstance;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.ArticleDetails;
import dev.articlesapi.support.ArticlePatchBody;
import dev.articlesapi.support.ArticleWithCategoryIds;
import dev.articlesapi.support.Category;
import dev.articlesapi.support.CategoryBody;
import dev.articlesapi.support.ContractCheck;
import dev.articlesapi.support.LogInBody;
import dev.articlesapi.support.ReplicatedDatabase;
import dev.articlesapi.support.SignUpBody;
import dev.articlesapi.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API on a primary and a real streaming replica ({@link ReplicatedDatabase}): the
 * public reads run on the replica, a client reads its own writes while the replica's
 * replay is paused, other clients read at most {@code DATABASE_READ_MAX_LAG} old data,
 * and a replica stopped under reads costs no request.
 */
class ReplicaIT {

    private static final Duration MAX_LAG = Duration.ofSeconds(2);

    /** The poller's interval in this test; a replica's state is at most this old. */
    private static final Duration POLL = Duration.ofMillis(100);

    private static final String DETAILS = "u.id AS author_id, u.name AS author_name";

    private static final String PAGE = "SELECT c.total, p.*";

    private static final String STREAM = "WHERE a.id > $1";

    private static final String CATEGORIES = "FROM categories ORDER BY id";

    private static final String CATEGORY = "c.name AS category_name";

    private static ReplicatedDatabase pair;

    private static ApiInstance api;

    private static String author;

    private static String admin;

    private ContractCheck contract;

    private WebTestClient http;

    @BeforeAll
    static void start() {
        pair = ReplicatedDatabase.get();
        api = ApiInstance.start(pair.apiSettings("articles.database.read-max-lag=" + MAX_LAG,
                "articles.database.read-poll-every=" + POLL));
        WebTestClient plain = api.client();
        String email = "replica-author-" + System.nanoTime() + "@articles.test";
        plain.post()
            .uri("/authentication/sign-up")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new SignUpBody(email, "Replica Author", "password123"))
            .exchange()
            .expectStatus()
            .isCreated();
        author = logIn(plain, email, "password123");
        admin = logIn(plain, TestDatabase.ADMIN_EMAIL, TestDatabase.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void client() {
        pair.startReplica();
        pair.resumeReplay();
        contract = ContractCheck.servedBy(api.client());
        http = api.client(contract);
    }

    @AfterEach
    void responsesMatchTheDocument() {
        assertThat(contract.mismatches()).as("responses that contradict the OpenAPI document").isEmpty();
    }

    @Test
    void publicReadsRunOnTheReplicaAndTheRestOnThePrimary() {
        long category = createCategory("Replicated " + System.nanoTime());
        long id = create("On the replica", category).id();
        awaitReplicaServes();

        var mark = pair.mark();
        assertThat(details(id, null).getResponseBody().title()).isEqualTo("On the replica");
        http.get().uri("/articles?limit=5").exchange().expectStatus().isOk();
        http.get()
            .uri("/articles")
            .accept(MediaType.APPLICATION_NDJSON)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class);
        http.get().uri("/categories").exchange().expectStatus().isOk();
        http.get().uri("/categories/" + category).exchange().expectStatus().isOk();
        // the signed-in caller is read on the primary
        http.get().uri("/authentication").headers(h -> h.setBearerAuth(author)).exchange().expectStatus().isOk();

        assertThat(pair.statements(mark, DETAILS)).isEqualTo(new ReplicatedDatabase.Counts(0, 1));
        assertThat(pair.statements(mark, PAGE)).isEqualTo(new ReplicatedDatabase.Counts(0, 1));
        assertThat(pair.statements(mark, STREAM)).isEqualTo(new ReplicatedDatabase.Counts(0, 1));
        assertThat(pair.statements(mark, CATEGORIES)).isEqualTo(new ReplicatedDatabase.Counts(0, 1));
        assertThat(pair.statements(mark, CATEGORY)).isEqualTo(new ReplicatedDatabase.Counts(0, 1));
        assertThat(pair.statements(mark, "FROM users u").replica()).as("the signed-in lookup").isZero();
    }

    @Test
    void writerReadsItsWriteWhileReplayIsPausedAndOthersReadNothingOlderThanTheLagBound() {
        long id = create("Before", null).id();
        awaitReplicaServes();
        pair.pauseReplay();

        var write = http.patch()
            .uri("/articles/" + id)
            .headers(h -> h.setBearerAuth(author))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new ArticlePatchBody("After", null, null))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(ArticleWithCategoryIds.class)
            .returnResult();
        long written = System.nanoTime();
        ResponseCookie readAfter = write.getResponseCookies().getFirst("Read-After");
        assertThat(readAfter).as("the write's Read-After cookie").isNotNull();
        assertThat(readAfter.getValue()).matches("[0-9A-F]{1,8}/[0-9A-F]{1,8}");
        assertThat(readAfter.isHttpOnly()).isTrue();
        assertThat(readAfter.getSameSite()).isEqualTo("Lax");
        assertThat(readAfter.getPath()).isEqualTo("/");
        assertThat(readAfter.getMaxAge()).isEqualTo(MAX_LAG);

        // the writer, with its cookie (a browser sends it back), and with the header
        var mark = pair.mark();
        assertThat(details(id, readAfter.getValue()).getResponseBody().title()).isEqualTo("After");
        ArticleDetails viaHeader = http.get()
            .uri("/articles/" + id)
            .header("Read-After", readAfter.getValue())
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(ArticleDetails.class)
            .returnResult()
            .getResponseBody();
        assertThat(viaHeader.title()).isEqualTo("After");
        assertThat(pair.statements(mark, DETAILS)).isEqualTo(new ReplicatedDatabase.Counts(2, 0));

        // another client reads the replica's older state, but only within the lag bound
        assertThat(details(id, null).getResponseBody().title()).isEqualTo("Before");
        List<Long> staleAfterMillis = new ArrayList<>();
        Awaitility.await("a client without the cookie reads the write")
            .atMost(MAX_LAG.multipliedBy(5))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> {
                String title = details(id, null).getResponseBody().title();
                if (title.equals("Before")) {
                    staleAfterMillis.add(Duration.ofNanos(System.nanoTime() - written).toMillis());
                }
                return title.equals("After");
            });
        assertThat(staleAfterMillis).isNotEmpty()
            .allSatisfy(ms -> assertThat(ms).isLessThan(MAX_LAG.plus(POLL).plusMillis(500).toMillis()));
        // the replay is still paused: the primary answered
        var fresh = pair.mark();
        assertThat(details(id, null).getResponseBody().title()).isEqualTo("After");
        assertThat(pair.statements(fresh, DETAILS)).isEqualTo(new ReplicatedDatabase.Counts(1, 0));
        assertThat(readiness().path("components").path("replicas").path("details")).isNotNull();

        pair.resumeReplay();
        awaitReplicaServes();
    }

    @Test
    void theWritersReadsReturnToTheReplicaOnceItHasReplayedAndAnIdleReplicaKeepsServing() {
        long id = create("Soon on the replica", null).id();
        String readAfter = http.patch()
            .uri("/articles/" + id)
            .headers(h -> h.setBearerAuth(author))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new ArticlePatchBody("Replayed", null, null))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(ArticleWithCategoryIds.class)
            .returnResult()
            .getResponseCookies()
            .getFirst("Read-After")
            .getValue();
        pair.awaitReplay();
        Awaitility.await("the writer's read runs on the replica once it has replayed the write")
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> {
                var mark = pair.mark();
                assertThat(details(id, readAfter).getResponseBody().title()).isEqualTo("Replayed");
                return pair.statements(mark, DETAILS).replica() == 1;
            });
        // nothing is written for longer than the lag bound: the replica is current, not
        // behind
        Awaitility.await("reads stay on an idle replica past the lag bound")
            .during(MAX_LAG.plus(POLL.multipliedBy(5)))
            .atMost(MAX_LAG.multipliedBy(5))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> {
                var mark = pair.mark();
                details(id, null);
                return pair.statements(mark, DETAILS).replica() == 1;
            });
    }

    @Test
    void primaryAndReplicaAnswerTheSameBodyWithTheSameEtag() {
        long id = create("Same everywhere", null).id();
        awaitReplicaServes();
        var mark = pair.mark();
        var fromReplica = details(id, null);
        var fromPrimary = details(id, "FFFFFFFF/FFFFFFFF");
        assertThat(pair.statements(mark, DETAILS)).isEqualTo(new ReplicatedDatabase.Counts(1, 1));
        assertThat(fromReplica.getResponseHeaders().getETag()).isNotNull()
            .isEqualTo(fromPrimary.getResponseHeaders().getETag());
        assertThat(fromReplica.getResponseBodyContent()).isEqualTo(fromPrimary.getResponseBodyContent());
        // and a revalidation against either answers 304
        http.get()
            .uri("/articles/" + id)
            .header(HttpHeaders.IF_NONE_MATCH, fromPrimary.getResponseHeaders().getETag())
            .exchange()
            .expectStatus()
            .isNotModified();
    }

    @Test
    void aStoppedReplicaCostsNoFailedRequestAndServesAgainAfterItsRestart() throws Exception {
        long id = create("Through the stop", null).id();
        awaitReplicaServes();
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        WebTestClient reader = api.client();
        for (int i = 0; i < 4; i++) {
            running.add(readers.submit(() -> {
                while (reading.get()) {
                    var result = reader.get().uri("/articles/" + id).exchange().expectBody(String.class).returnResult();
                    int status = result.getStatus().value();
                    if (status != 200) {
                        failures.add(status + " " + result.getResponseBody());
                    }
                    answered.incrementAndGet();
                }
            }));
        }
        try {
            awaitAnswers(answered, 20);
            pair.stopReplica();
            awaitAnswers(answered, 40);
            Awaitility.await("the readiness shows the replica skipped")
                .atMost(Duration.ofSeconds(10))
                .until(() -> replicaState().equals("skipped"));
            assertThat(readiness().path("status").asText()).isEqualTo("UP");
            pair.startReplica();
            awaitAnswers(answered, 40);
            awaitReplicaServes();
        }
        finally {
            reading.set(false);
            for (Future<?> f : running) {
                f.get();
            }
            readers.shutdown();
        }
        assertThat(failures).as("requests that failed while the replica stopped and started").isEmpty();
    }

    /** Waits until {@code n} more reads have been answered. */
    private static void awaitAnswers(AtomicInteger answered, int n) {
        int target = answered.get() + n;
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() >= target);
    }

    /**
     * Waits until the replica has replayed everything and a read without a cookie runs on
     * it.
     */
    private void awaitReplicaServes() {
        pair.awaitReplay();
        WebTestClient plain = api.client();
        Awaitility.await("a read runs on the replica")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> {
                var mark = pair.mark();
                plain.get().uri("/categories").exchange().expectStatus().isOk();
                return pair.statements(mark, CATEGORIES).replica() == 1;
            });
    }

    private EntityExchangeResult<ArticleDetails> details(long id, String readAfter) {
        var request = http.get().uri("/articles/" + id);
        if (readAfter != null) {
            request = request.cookie("Read-After", readAfter);
        }
        return request.exchange().expectStatus().isOk().expectBody(ArticleDetails.class).returnResult();
    }

    private ArticleWithCategoryIds create(String title, Long category) {
        return http.post()
            .uri("/articles")
            .headers(h -> h.setBearerAuth(author))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new ArticleBody(title, "Content of " + title, category == null ? List.of() : List.of(category)))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(ArticleWithCategoryIds.class)
            .returnResult()
            .getResponseBody();
    }

    private long createCategory(String name) {
        return http.post()
            .uri("/categories")
            .headers(h -> h.setBearerAuth(admin))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new CategoryBody(name))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(Category.class)
            .returnResult()
            .getResponseBody()
            .id();
    }

    private JsonNode readiness() {
        String body = api.client()
            .get()
            .uri("/actuator/health/readiness")
            .headers(h -> h.setBearerAuth(admin))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        return JsonMapper.builder().build().readTree(body);
    }

    private String replicaState() {
        var details = readiness().path("components").path("replicas").path("details");
        var it = details.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().has("state")) {
                return e.getValue().path("state").asString();
            }
        }
        return "";
    }

    private static String logIn(WebTestClient client, String email, String password) {
        return client.post()
            .uri("/authentication/log-in")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new LogInBody(email, password))
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseCookies()
            .getFirst("Authentication")
            .getValue();
    }

}
