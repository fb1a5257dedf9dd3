package dev.articlesapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.articlesapi.support.AddressBody;
import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.LogInBody;
import dev.articlesapi.support.Problem;
import dev.articlesapi.support.SignUpBody;
import dev.articlesapi.support.TestDatabase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

class AuthenticationIT extends ApiTest {

    private static SignUpBody signUpBody(String email) {
        return new SignUpBody(email, "Ann", PASSWORD);
    }

    /**
     * {@link #signUpBody} as a map, for the tests that put a wrong JSON type into it (a
     * record cannot).
     */
    private static Map<String, Object> signUpMap(String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("name", "Ann");
        body.put("password", PASSWORD);
        return body;
    }

    private WebTestClient.ResponseSpec postSignUp(Object body) {
        return http.post()
            .uri("/authentication/sign-up")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange();
    }

    private void expectFieldError(Object body, String field) {
        Problem problem = problem(postSignUp(body).expectStatus().isBadRequest());
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.fields()).first().isEqualTo(field);
    }

    @Test
    void signUpAndLogInBodiesOverTheirOwnSmallLimitAre413AndNothingIsWritten() {
        var body = new SignUpBody("big@example.com", "Ann", PASSWORD, new AddressBody("x".repeat(17_000), null, null));
        postSignUp(body).expectStatus()
            .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo(413);
        assertThat(count("users")).isEqualTo(1);

        String chunked = "{\"email\":\"big@example.com\",\"password\":\"" + "p".repeat(17_000) + "\"}";
        http.post()
            .uri("/authentication/log-in")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Flux.just(chunked.substring(0, 8_000), chunked.substring(8_000)), String.class)
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);

        for (String variant : new String[] { "/authentication/log%2Din", "/authentication/%6Cog-in" }) {
            http.post()
                .uri(URI.create("http://localhost:" + port + variant))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(chunked)
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        }

        String fits = "{\"email\":\"fits@example.com\",\"name\":\"Fits\",\"password\":\"" + PASSWORD + "\"}"
                + " ".repeat(15_000);
        postSignUp(fits).expectStatus().isCreated();
    }

    @Test
    void signUpWithAddressThenCreatedWithLocationAndPrivateUser() {
        var body = new SignUpBody("  Ann@Example.com ", "  Ann  ", PASSWORD, new AddressBody("Main 1", "Oslo", null));
        postSignUp(body).expectStatus()
            .isCreated()
            .expectHeader()
            .location("/users/2")
            .expectBody()
            .jsonPath("$.id")
            .isEqualTo(2)
            .jsonPath("$.email")
            .isEqualTo("ann@example.com")
            .jsonPath("$.name")
            .isEqualTo("Ann")
            .jsonPath("$.role")
            .isEqualTo("user")
            .jsonPath("$.address.street")
            .isEqualTo("Main 1")
            .jsonPath("$.address.city")
            .isEqualTo("Oslo")
            .jsonPath("$.address.country")
            .isEmpty()
            .jsonPath("$.password")
            .doesNotExist();
        assertThat(count("addresses")).isEqualTo(1);
        String stored = db.sql("SELECT password FROM users WHERE id = 2")
            .map(r -> r.get(0, String.class))
            .one()
            .block();
        assertThat(stored).startsWith("$2").doesNotContain(PASSWORD);
    }

    @Test
    void signUpWithoutAddressThenAddressNull() {
        postSignUp(signUpBody("bob@example.com")).expectStatus()
            .isCreated()
            .expectBody()
            .jsonPath("$.address")
            .isEmpty();
        assertThat(count("addresses")).isZero();
    }

    @Test
    void signUpWhenEmailTakenThenConflictAndNeitherRowWritten() {
        signUp("ann@example.com");
        var body = new SignUpBody("ANN@example.com", "Ann", PASSWORD, AddressBody.city("Oslo"));
        postSignUp(body).expectStatus()
            .isEqualTo(HttpStatus.CONFLICT)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Email already registered");
        assertThat(count("users")).isEqualTo(2);
        assertThat(count("addresses")).isZero();
    }

    @Test
    void signUpWhenFiftyConcurrentWithOneEmailThenExactlyOneCreated() {
        WebClient client = WebClient.create("http://localhost:" + port);
        List<Integer> statuses = Flux.range(0, 50)
            .flatMap(i -> client.post()
                .uri("/authentication/sign-up")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new SignUpBody("race@example.com", "Racer " + i, PASSWORD, AddressBody.city("City " + i)))
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())), 50)
            .collectList()
            .block(Duration.ofSeconds(60));
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(49);
        assertThat(db.sql("SELECT count(*) FROM users WHERE email = 'race@example.com'")
            .map(r -> r.get(0, Long.class))
            .one()
            .block()).isEqualTo(1);
        assertThat(count("addresses")).isEqualTo(1);
    }

    @Test
    void signUpWhenFieldsInvalidThenBadRequestWithFieldErrors() {
        expectFieldError(new SignUpBody(null, "Ann", PASSWORD), "email");
        expectFieldError(signUpBody("not-an-email"), "email");
        expectFieldError(signUpBody("a".repeat(250) + "@x.io"), "email");
        expectFieldError(new SignUpBody("x@example.com", "   ", PASSWORD), "name");
        expectFieldError(new SignUpBody("x@example.com", "n".repeat(101), PASSWORD), "name");
        expectFieldError(new SignUpBody("x@example.com", "Ann", PASSWORD, new AddressBody("s".repeat(201), null, null)),
                "address.street");
        assertThat(count("users")).isEqualTo(1);
    }

    @Test
    void signUpWhenPasswordOutsideEightToSeventyTwoBytesThenBadRequest() {
        expectFieldError(new SignUpBody("x@example.com", "Ann", "1234567"), "password");
        // 37 characters, 74 bytes
        expectFieldError(new SignUpBody("x@example.com", "Ann", "é".repeat(37)), "password");
        postSignUp(new SignUpBody("y@example.com", "Ann", "éééé")).expectStatus().isCreated();
        postSignUp(new SignUpBody("z@example.com", "Ann", "é".repeat(36))).expectStatus().isCreated();
        assertThat(logIn("z@example.com", "é".repeat(36))).isNotBlank();
    }

    @Test
    void signUpWhenJsonTypesWrongThenBadRequestNamingTheField() {
        var numberEmail = signUpMap("x@example.com");
        numberEmail.put("email", 123);
        expectFieldError(numberEmail, "email");
        var numberPassword = signUpMap("x@example.com");
        numberPassword.put("password", 12345678);
        expectFieldError(numberPassword, "password");
        var booleanName = signUpMap("x@example.com");
        booleanName.put("name", true);
        expectFieldError(booleanName, "name");
        var stringAddress = signUpMap("x@example.com");
        stringAddress.put("address", "Main 1, Oslo");
        expectFieldError(stringAddress, "address");
        var numberCity = signUpMap("x@example.com");
        numberCity.put("address", Map.of("city", 7));
        expectFieldError(numberCity, "address.city");
        assertThat(count("users")).isEqualTo(1);
    }

    @Test
    void logInThenCookieWithJwtAndPrivateUser() {
        signUp("ann@example.com");
        var result = http.post()
            .uri("/authentication/log-in")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new LogInBody("ANN@example.com", PASSWORD))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.email")
            .isEqualTo("ann@example.com")
            .jsonPath("$.password")
            .doesNotExist()
            .returnResult();
        assertThat(setCookie(result.getResponseHeaders(), "Authentication")).startsWith("Authentication=ey")
            .contains("HttpOnly")
            .contains("Path=/;")
            .contains("Max-Age=900")
            .contains("SameSite=Strict")
            .doesNotContain("Secure");
        assertThat(setCookie(result.getResponseHeaders(), "Refresh")).matches("Refresh=[A-Za-z0-9_-]{43};.*")
            .contains("HttpOnly")
            .contains("Path=/authentication/refresh;")
            .contains("Max-Age=2592000")
            .contains("SameSite=Strict")
            .doesNotContain("Secure");
    }

    /** The Set-Cookie header of one cookie. */
    static String setCookie(HttpHeaders headers, String name) {
        return headers.getOrEmpty(HttpHeaders.SET_COOKIE)
            .stream()
            .filter(c -> c.startsWith(name + "="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Set-Cookie for " + name + ": " + headers));
    }

    @Test
    void logInWhenPasswordWrongOrEmailUnknownThenSameBadRequest() {
        signUp("ann@example.com");
        byte[] wrongPassword = http.post()
            .uri("/authentication/log-in")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new LogInBody("ann@example.com", "wrong-password"))
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .doesNotExist("Set-Cookie")
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Wrong credentials provided")
            .returnResult()
            .getResponseBody();
        byte[] unknownEmail = http.post()
            .uri("/authentication/log-in")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new LogInBody("nobody@example.com", "wrong-password"))
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("Wrong credentials provided")
            .returnResult()
            .getResponseBody();
        assertThat(new String(unknownEmail, StandardCharsets.UTF_8))
            .isEqualTo(new String(wrongPassword, StandardCharsets.UTF_8));
    }

    @Test
    void logInWhenFieldsMissingThenBadRequest() {
        http.post()
            .uri("/authentication/log-in")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new LogInBody("ann@example.com", null))
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("password");
    }

    @Test
    void meWithCookieOrBearerThenPrivateUserWithAddressInOneStatement() {
        signUp(new SignUpBody("ann@example.com", "Ann", PASSWORD, new AddressBody(null, null, "Norway")));
        String token = logIn("ann@example.com");
        http.get()
            .uri("/authentication")
            .cookie("Authentication", token)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.email")
            .isEqualTo("ann@example.com")
            .jsonPath("$.address.country")
            .isEqualTo("Norway");
        statements.reset();
        http.get()
            .uri("/authentication")
            .headers(bearer(token))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.id")
            .isEqualTo(2)
            .jsonPath("$.address.country")
            .isEqualTo("Norway");
        assertThat(statements.count()).as("statements for GET /authentication").isEqualTo(1);
    }

    @Test
    void aBadTokenOnAnOpenRouteIsNoTokenAtAll() {
        long id = signUp("ann@example.com");
        String expected = http.get()
            .uri("/users/" + id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        http.get()
            .uri("/users/" + id)
            .headers(bearer("not-a-token"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .isEqualTo(expected);
        http.post()
            .uri("/authentication/log-in")
            .cookie("Authentication", "not-a-token")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new LogInBody("ann@example.com", PASSWORD))
            .exchange()
            .expectStatus()
            .isOk();
    }

    @Test
    void adminRightsHoldUnderATurkishDefaultLocale() {
        Locale before = Locale.getDefault();
        // "admin".toUpperCase() would be "ADMİN" here
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            http.get().uri("/actuator/metrics").headers(bearer(adminToken())).exchange().expectStatus().isOk();
        }
        finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void meWhenSignedOutThenUnauthorizedProblem() {
        http.get()
            .uri("/authentication")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo(401)
            .jsonPath("$.instance")
            .isEqualTo("/authentication");
    }

    @Test
    void meWhenTokenForgedOrOtherAlgorithmOrExpiredThenUnauthorized() throws Exception {
        signUp("ann@example.com");
        String valid = logIn("ann@example.com");
        String[] parts = valid.split("\\.");
        var claims = new JWTClaimsSet.Builder().subject("2")
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(600)))
            .build();

        SignedJWT otherKey = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        otherKey.sign(new MACSigner("another-secret-another-secret-another-secret".getBytes(StandardCharsets.UTF_8)));
        SignedJWT hs512 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS512), claims);
        hs512.sign(new MACSigner((TestDatabase.JWT_SECRET + TestDatabase.JWT_SECRET).getBytes(StandardCharsets.UTF_8)));
        var b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        String tampered = parts[0] + "."
                + b64.encodeToString(
                        "{\"sub\":\"1\",\"exp\":4102444800,\"iat\":1700000000}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        var props = new JwtProperties(TestDatabase.JWT_SECRET, 60, 5, "articles-api", "articles-api");
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(2)), ZoneOffset.UTC);
        String expired = new AccessTokens(props, false, past).issue(2, 0);
        var otherAudience = new JwtProperties(TestDatabase.JWT_SECRET, 60, 5, "articles-api", "another-api");
        String forAnotherApi = new AccessTokens(otherAudience, false, Clock.systemUTC()).issue(2, 0);

        for (String bad : List.of(otherKey.serialize(), hs512.serialize(), none, tampered, expired, forAnotherApi,
                "garbage", parts[0] + "." + parts[1])) {
            http.get().uri("/authentication").headers(bearer(bad)).exchange().expectStatus().isUnauthorized();
            http.get().uri("/authentication").cookie("Authentication", bad).exchange().expectStatus().isUnauthorized();
        }
        http.get().uri("/authentication").headers(bearer(valid)).exchange().expectStatus().isOk();
    }

    @Test
    void meWhenUserDeletedThenOldTokenUnauthorized() {
        long id = signUp("ann@example.com");
        String token = logIn("ann@example.com");
        http.delete().uri("/users/" + id).headers(bearer(token)).exchange().expectStatus().isNoContent();
        http.get().uri("/authentication").headers(bearer(token)).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void logOutThenNoContentAndCookieCleared() {
        signUp("ann@example.com");
        String token = logIn("ann@example.com");
        var result = http.post()
            .uri("/authentication/log-out")
            .cookie("Authentication", token)
            .exchange()
            .expectStatus()
            .isNoContent()
            .returnResult(Void.class);
        assertThat(setCookie(result.getResponseHeaders(), "Authentication")).startsWith("Authentication=;")
            .contains("Max-Age=0")
            .contains("HttpOnly")
            .contains("Path=/;");
        assertThat(setCookie(result.getResponseHeaders(), "Refresh")).startsWith("Refresh=;")
            .contains("Max-Age=0")
            .contains("Path=/authentication/refresh;");
    }

    @Test
    void logOutWhenSignedOutThenUnauthorized() {
        http.post()
            .uri("/authentication/log-out")
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

}
