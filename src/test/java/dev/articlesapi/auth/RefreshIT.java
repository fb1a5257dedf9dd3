package dev.articlesapi.auth;

import static dev.articlesapi.auth.AuthenticationIT.setCookie;
import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.LogInBody;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

/**
 * POST /authentication/refresh: rotation, reuse detection, expiry, log-out, user deletion
 * and races.
 */
class RefreshIT extends ApiTest {

    private static final String REFRESH = "/authentication/refresh";

    /** The access and refresh tokens of a response's cookies. */
    private record Tokens(String access, String refresh) {
        static Tokens of(HttpHeaders headers) {
            return new Tokens(value(setCookie(headers, "Authentication")), value(setCookie(headers, "Refresh")));
        }

        private static String value(String setCookie) {
            return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        }
    }

    private Tokens logInTokens(String email) {
        var result = http.post()
            .uri("/authentication/log-in")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new LogInBody(email, PASSWORD))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult();
        return Tokens.of(result.getResponseHeaders());
    }

    private EntityExchangeResult<byte[]> refresh(String token) {
        var request = http.post().uri(REFRESH);
        if (token != null) {
            request = request.cookie("Refresh", token);
        }
        return request.exchange().expectBody().returnResult();
    }

    private Tokens refreshed(String token) {
        var result = refresh(token);
        assertThat(result.getStatus().value()).as("refresh answer").isEqualTo(200);
        return Tokens.of(result.getResponseHeaders());
    }

    private void assertRefused(EntityExchangeResult<byte[]> result, boolean cookieCleared) {
        assertThat(result.getStatus().value()).isEqualTo(401);
        assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        var refreshCookies = result.getResponseHeaders()
            .getOrEmpty(HttpHeaders.SET_COOKIE)
            .stream()
            .filter(c -> c.startsWith("Refresh="))
            .toList();
        if (cookieCleared) {
            assertThat(refreshCookies).singleElement()
                .asString()
                .startsWith("Refresh=;")
                .contains("Max-Age=0")
                .contains("Path=/authentication/refresh;");
        }
        else {
            assertThat(refreshCookies).isEmpty();
        }
    }

    private void assertSignedIn(String access, long userId) {
        http.get()
            .uri("/authentication")
            .headers(bearer(access))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.id")
            .isEqualTo(userId);
    }

    /** Moves a token's rotation into the past, as if that much time had gone by since. */
    private void rotatedAgo(String token, Duration ago) {
        db.sql("UPDATE refresh_tokens SET rotated_at = now() - :ago * interval '1 second' WHERE token_hash = :hash")
            .bind("ago", ago.toSeconds())
            .bind("hash", RefreshTokens.hash(token))
            .then()
            .block();
    }

    private long tokensOf(long userId) {
        return db.sql("SELECT count(*) AS n FROM refresh_tokens WHERE user_id = :id")
            .bind("id", userId)
            .map(r -> r.get("n", Long.class))
            .one()
            .block();
    }

    @Test
    void refreshGivesTheUserANewAccessTokenAndTheNextRefreshToken() {
        long id = signUp("ann@example.com");
        Tokens first = logInTokens("ann@example.com");
        var result = refresh(first.refresh());
        assertThat(result.getStatus().value()).isEqualTo(200);
        assertThat(new String(result.getResponseBody(), StandardCharsets.UTF_8))
            .contains("\"email\":\"ann@example.com\"")
            .doesNotContain("password");
        assertThat(setCookie(result.getResponseHeaders(), "Authentication")).contains("HttpOnly")
            .contains("Path=/;")
            .contains("Max-Age=900")
            .contains("SameSite=Strict");
        assertThat(setCookie(result.getResponseHeaders(), "Refresh")).contains("HttpOnly")
            .contains("Path=/authentication/refresh;")
            .contains("Max-Age=2592000")
            .contains("SameSite=Strict");
        Tokens next = Tokens.of(result.getResponseHeaders());
        assertThat(next.refresh()).isNotEqualTo(first.refresh());
        assertSignedIn(next.access(), id);
        // and again
        assertThat(refreshed(next.refresh()).refresh()).isNotEqualTo(next.refresh());
    }

    @Test
    void onlyHashesOfRefreshTokensAreStored() {
        long id = signUp("ann@example.com");
        Tokens tokens = logInTokens("ann@example.com");
        List<byte[]> stored = db.sql("SELECT token_hash FROM refresh_tokens WHERE user_id = :id")
            .bind("id", id)
            .map(r -> r.get("token_hash", byte[].class))
            .all()
            .collectList()
            .block();
        assertThat(stored).singleElement().isEqualTo(RefreshTokens.hash(tokens.refresh()));
    }

    @Test
    void aRefreshTokenWorksOnceAndItsReuseWithinTheGraceLeavesTheSessionAlone() {
        long id = signUp("ann@example.com");
        Tokens first = logInTokens("ann@example.com");
        Tokens second = refreshed(first.refresh());
        // the cookie the other request set stays
        assertRefused(refresh(first.refresh()), false);
        assertSignedIn(refreshed(second.refresh()).access(), id);
    }

    @Test
    void aRotatedTokenPresentedAgainLaterRevokesItsWholeSessionOnly() {
        long id = signUp("ann@example.com");
        Tokens stolen = logInTokens("ann@example.com");
        Tokens otherDevice = logInTokens("ann@example.com");
        Tokens rightful = refreshed(stolen.refresh());
        rotatedAgo(stolen.refresh(), Duration.ofMinutes(1));

        assertRefused(refresh(stolen.refresh()), true);
        // the session is gone, successor included
        assertRefused(refresh(rightful.refresh()), true);
        // another session is not
        assertSignedIn(refreshed(otherDevice.refresh()).access(), id);
    }

    @Test
    void anExpiredRefreshTokenIsRefused() {
        signUp("ann@example.com");
        Tokens tokens = logInTokens("ann@example.com");
        db.sql("UPDATE refresh_tokens SET expires_at = now() - interval '1 second'").then().block();
        assertRefused(refresh(tokens.refresh()), true);
    }

    @Test
    void noUnknownOrMalformedRefreshTokenIsAccepted() {
        signUp("ann@example.com");
        logInTokens("ann@example.com");
        assertRefused(refresh(null), true);
        assertRefused(refresh("not-a-token"), true);
        assertRefused(refresh("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), true);
    }

    @Test
    void logOutRevokesTheRefreshTokensToo() {
        long id = signUp("ann@example.com");
        Tokens tokens = logInTokens("ann@example.com");
        http.post()
            .uri("/authentication/log-out")
            .headers(bearer(tokens.access()))
            .exchange()
            .expectStatus()
            .isNoContent();
        assertRefused(refresh(tokens.refresh()), true);
        assertThat(tokensOf(id)).isZero();
        http.get().uri("/authentication").headers(bearer(tokens.access())).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void deletingTheUserDeletesTheirRefreshTokens() {
        long id = signUp("ann@example.com");
        Tokens tokens = logInTokens("ann@example.com");
        refreshed(tokens.refresh());
        assertThat(tokensOf(id)).isEqualTo(2);
        http.delete().uri("/users/" + id).headers(bearer(adminToken())).exchange().expectStatus().isNoContent();
        assertThat(tokensOf(id)).isZero();
    }

    @Test
    void ofConcurrentRefreshesOfOneTokenExactlyOneWinsAndTheSessionGoesOn() {
        long id = signUp("ann@example.com");
        Tokens tokens = logInTokens("ann@example.com");
        WebClient client = WebClient.create("http://localhost:" + port);
        List<Tuple2<Integer, HttpHeaders>> answers = Flux.range(0, 20)
            .flatMap(i -> client.post()
                .uri(REFRESH)
                .cookie("Refresh", tokens.refresh())
                .exchangeToMono(r -> r.releaseBody()
                    .thenReturn(Tuples.of(r.statusCode().value(), r.headers().asHttpHeaders()))), 20)
            .collectList()
            .block(Duration.ofSeconds(60));
        assertThat(answers).extracting(Tuple2::getT1).filteredOn(s -> s == 200).hasSize(1);
        assertThat(answers).extracting(Tuple2::getT1).filteredOn(s -> s == 401).hasSize(19);
        Tokens winner = Tokens.of(answers.stream().filter(a -> a.getT1() == 200).findFirst().orElseThrow().getT2());
        assertSignedIn(refreshed(winner.refresh()).access(), id);
    }

}
