package dev.articlesapi.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.articlesapi.support.ApiInstance;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The API against a PostgreSQL of its own that the test stops and starts again. */
class OutageIT {

    @TempDir
    Path dataDir;

    private int dbPort;

    private EmbeddedPostgres pg;

    private ApiInstance api;

    @BeforeEach
    void freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            dbPort = socket.getLocalPort();
        }
    }

    @AfterEach
    void stopAll() throws IOException {
        if (api != null) {
            api.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private void startDatabase() throws IOException {
        pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(dbPort).start();
    }

    private void stopDatabase() throws IOException {
        pg.close();
        pg = null;
    }

    private WebTestClient startApi() {
        // the common test settings (secrets, admin), but a database of this test's own
        api = ApiInstance.start("spring.r2dbc.url=r2dbc:postgresql://localhost:" + dbPort + "/postgres",
                "spring.r2dbc.username=postgres", "spring.r2dbc.password=",
                "spring.flyway.url=jdbc:postgresql://localhost:" + dbPort + "/postgres", "spring.flyway.user=postgres",
                "spring.flyway.password=", "spring.r2dbc.pool.max-acquire-time=2s",
                "spring.r2dbc.pool.max-create-connection-time=2s");
        return api.client().mutate().responseTimeout(Duration.ofSeconds(15)).build();
    }

    private static void expectUnavailableWithinSeconds(WebTestClient client, String path) {
        Instant start = Instant.now();
        client.get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isEqualTo(503)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .exists("Retry-After")
            .expectHeader()
            .valueEquals("X-Content-Type-Options", "nosniff")
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo(503);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
    }

    private static boolean answers(WebTestClient client, String path, int status) {
        return client.get().uri(path).exchange().returnResult(String.class).getStatus().value() == status;
    }

    @Test
    void whileTheDatabaseIsDownRequestsGet503AndTheApiRecoversByItself() throws IOException {
        startDatabase();
        WebTestClient client = startApi();
        client.get().uri("/articles").exchange().expectStatus().isOk();
        client.get().uri("/users/1").exchange().expectStatus().isOk();

        stopDatabase();
        expectUnavailableWithinSeconds(client, "/articles");
        expectUnavailableWithinSeconds(client, "/users/1");
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);

        startDatabase();
        await().atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> answers(client, "/articles", 200));
        client.get().uri("/users/1").exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(30)).until(() -> answers(client, "/actuator/health/readiness", 200));
    }

    @Test
    void theApiStartsWhileTheDatabaseIsDownAndBecomesReadyWhenItAppears() throws IOException {
        startDatabase(); // create the data directory once, then take the server down
        stopDatabase();
        WebTestClient client = startApi();
        client.get()
            .uri("/actuator/health/liveness")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo("UP");
        client.get()
            .uri("/actuator/health/readiness")
            .exchange()
            .expectStatus()
            .isEqualTo(503)
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo("DOWN");
        expectUnavailableWithinSeconds(client, "/articles");

        startDatabase();
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> answers(client, "/actuator/health/readiness", 200));
        client.get()
            .uri("/users/1")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.name")
            .isEqualTo("Admin");
        client.get().uri("/articles").exchange().expectStatus().isOk();
    }

}
