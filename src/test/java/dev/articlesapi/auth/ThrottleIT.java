package dev.articlesapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiInstance;
import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.LogInBody;
import dev.articlesapi.support.SignUpBody;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/**
 * Log-in and sign-up throttling as clients at different addresses see it: loopback
 * answers from any 127.x source address, so each test's "client" binds its own.
 */
@TestPropertySource(properties = { "articles.throttle.max-failures-per-email-and-address=" + ThrottleIT.PAIR_LIMIT,
        "articles.throttle.max-failures-per-email=" + ThrottleIT.EMAIL_LIMIT,
        "articles.throttle.max-failures-per-address=" + ThrottleIT.ADDRESS_LIMIT,
        "articles.throttle.max-sign-ups-per-address=" + ThrottleIT.SIGN_UP_LIMIT })
class ThrottleIT extends ApiTest {

    static final int PAIR_LIMIT = 5;
    static final int EMAIL_LIMIT = 12;
    static final int ADDRESS_LIMIT = 8;
    static final int SIGN_UP_LIMIT = 3;

    private HttpClient from(String address) {
        return HttpClient.create().bindAddress(() -> new InetSocketAddress(address, 0));
    }

    private WebTestClient client(String address, int port) {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(from(address)))
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(30))
            .build();
    }

    private WebTestClient.ResponseSpec logIn(WebTestClient client, String email, String password) {
        return client.post()
            .uri("/authentication/log-in")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new LogInBody(email, password))
            .exchange();
    }

    /**
     * {@code n} log-ins with a wrong password, all in flight at once; the statuses, in
     * any order.
     */
    private List<Integer> parallelWrongGuesses(String address, int port, String email, int n) {
        return wrongGuesses(address, port, email, n).collectList().block(Duration.ofSeconds(60));
    }

    private Flux<Integer> wrongGuesses(String address, int port, String email, int n) {
        WebClient client = WebClient.builder()
            .clientConnector(new ReactorClientHttpConnector(from(address)))
            .baseUrl("http://127.0.0.1:" + port)
            .build();
        return Flux.range(0, n)
            .flatMap(i -> client.post()
                .uri("/authentication/log-in")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new LogInBody(email, "wrong-password-" + i))
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())), n);
    }

    private static long count(List<Integer> statuses, int status) {
        return statuses.stream().filter(s -> s == status).count();
    }

    @Test
    void fiftyParallelWrongGuessesReachThePasswordCheckAtMostTheLimitTimes() {
        signUp("ann@example.com");
        List<Integer> statuses = parallelWrongGuesses("127.0.0.1", port, "ann@example.com", 50);
        assertThat(count(statuses, 400)).isEqualTo(PAIR_LIMIT);
        assertThat(count(statuses, 429)).isEqualTo(50 - PAIR_LIMIT);

        logIn(client("127.0.0.1", port), "ann@example.com", PASSWORD).expectStatus()
            .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .value("Retry-After", v -> assertThat(Long.parseLong(v)).isBetween(1L, 15 * 60L))
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo(429);
    }

    @Test
    void aStrangersFailuresDoNotLockTheOwnerOutFromTheirOwnAddress() {
        signUp("ann@example.com");
        parallelWrongGuesses("127.0.0.1", port, "ann@example.com", 20);
        logIn(client("127.0.0.1", port), "ann@example.com", PASSWORD).expectStatus().isEqualTo(429);

        logIn(client("127.0.0.2", port), "ann@example.com", PASSWORD).expectStatus()
            .isOk()
            .expectHeader()
            .exists("Set-Cookie");
    }

    @Test
    void guessesSpreadOverAddressesStopAtThePerEmailLimitButNotTheOwnerWhereSheSignedInBefore() {
        signUp("ann@example.com");
        logIn(client("127.0.0.50", port), "ann@example.com", PASSWORD).expectStatus().isOk();
        int spent = 0;
        for (int host = 10; spent < EMAIL_LIMIT; host++) {
            List<Integer> statuses = parallelWrongGuesses("127.0.0." + host, port, "ann@example.com", PAIR_LIMIT);
            spent += (int) count(statuses, 400);
        }
        assertThat(spent).isEqualTo(EMAIL_LIMIT);
        logIn(client("127.0.0.40", port), "ann@example.com", "wrong-password").expectStatus().isEqualTo(429);
        logIn(client("127.0.0.41", port), "ann@example.com", PASSWORD).expectStatus().isEqualTo(429);
        logIn(client("127.0.0.50", port), "ann@example.com", PASSWORD).expectStatus().isOk();
    }

    @Test
    void theAddressLimitStopsNewEmailsButNotOnesThatSignedInThereBefore() {
        signUp("ann@example.com");
        signUp("bob@example.com");
        WebTestClient office = client("127.0.0.3", port);
        logIn(office, "ann@example.com", PASSWORD).expectStatus().isOk();
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            logIn(office, "stranger" + i + "@example.com", "wrong-password").expectStatus().isBadRequest();
        }
        logIn(office, "stranger@example.com", "wrong-password").expectStatus().isEqualTo(429);
        logIn(office, "bob@example.com", PASSWORD).expectStatus().isEqualTo(429);

        logIn(office, "ann@example.com", PASSWORD).expectStatus().isOk();
        logIn(client("127.0.0.4", port), "bob@example.com", PASSWORD).expectStatus().isOk();
    }

    @Test
    void aSuccessfulLogInClearsTheFailuresOfItsEmailAtItsAddress() {
        signUp("ann@example.com");
        WebTestClient home = client("127.0.0.5", port);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < PAIR_LIMIT - 1; i++) {
                logIn(home, "ann@example.com", "wrong-password").expectStatus().isBadRequest();
            }
            logIn(home, "ann@example.com", PASSWORD).expectStatus().isOk();
        }
    }

    @Test
    void signUpsAreThrottledPerAddressBeforeAnyUserIsWritten() {
        WebTestClient one = client("127.0.0.6", port);
        for (int i = 0; i < SIGN_UP_LIMIT; i++) {
            signUpFrom(one, "user" + i + "@example.com").expectStatus().isCreated();
        }
        long users = count("users");
        signUpFrom(one, "late@example.com").expectStatus()
            .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .value("Retry-After", v -> assertThat(Long.parseLong(v)).isBetween(1L, 3600L));
        assertThat(count("users")).isEqualTo(users);

        signUpFrom(client("127.0.0.7", port), "late@example.com").expectStatus().isCreated();
    }

    private WebTestClient.ResponseSpec signUpFrom(WebTestClient client, String email) {
        return client.post()
            .uri("/authentication/sign-up")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new SignUpBody(email, "Someone", PASSWORD))
            .exchange();
    }

    @Test
    void twoInstancesOnOneDatabaseSpendOneBudget() {
        signUp("ann@example.com");
        try (var second = ApiInstance.start("articles.throttle.max-failures-per-email-and-address=" + PAIR_LIMIT,
                "articles.throttle.max-failures-per-email=" + EMAIL_LIMIT,
                "articles.throttle.max-failures-per-address=" + ADDRESS_LIMIT)) {
            List<Integer> statuses = Flux
                .merge(wrongGuesses("127.0.0.8", port, "ann@example.com", 10),
                        wrongGuesses("127.0.0.8", second.port(), "ann@example.com", 10))
                .collectList()
                .block(Duration.ofSeconds(60));
            assertThat(count(statuses, 400)).isEqualTo(PAIR_LIMIT);
            assertThat(count(statuses, 429)).isEqualTo(20 - PAIR_LIMIT);
        }
    }

}
