package dev.articlesapi.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.AddressBody;
import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.SignUpBody;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class UserIT extends ApiTest {

    private long signUpWithAddress(String email) {
        return signUp(new SignUpBody(email, "Ann", PASSWORD, new AddressBody("Main 1", "Oslo", "Norway"))).id();
    }

    @Test
    void findWhenAnonymousThenPublicUserWithoutEmail() {
        long id = signUpWithAddress("ann@example.com");
        http.get()
            .uri("/users/" + id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentType(MediaType.APPLICATION_JSON)
            .expectBody()
            .jsonPath("$.id")
            .isEqualTo(id)
            .jsonPath("$.name")
            .isEqualTo("Ann")
            .jsonPath("$.address.city")
            .isEqualTo("Oslo")
            .jsonPath("$.email")
            .doesNotExist()
            .jsonPath("$.role")
            .doesNotExist()
            .jsonPath("$.password")
            .doesNotExist();
    }

    @Test
    void findAdminWhenAnonymousThenPublicView() {
        http.get()
            .uri("/users/1")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.name")
            .isEqualTo("Admin")
            .jsonPath("$.address")
            .isEmpty()
            .jsonPath("$.email")
            .doesNotExist();
    }

    @Test
    void findWhenSelfOrAdminThenPrivateUser() {
        long id = signUpWithAddress("ann@example.com");
        http.get()
            .uri("/users/" + id)
            .headers(bearer(logIn("ann@example.com")))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.email")
            .isEqualTo("ann@example.com")
            .jsonPath("$.role")
            .isEqualTo("user");
        http.get()
            .uri("/users/" + id)
            .headers(bearer(adminToken()))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.email")
            .isEqualTo("ann@example.com");
    }

    @Test
    void findWhenOtherUserThenPublicView() {
        long id = signUpWithAddress("ann@example.com");
        signUp("bob@example.com");
        http.get()
            .uri("/users/" + id)
            .headers(bearer(logIn("bob@example.com")))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.email")
            .doesNotExist();
    }

    @Test
    void findWhenMissingThenNotFoundProblem() {
        http.get()
            .uri("/users/999")
            .exchange()
            .expectStatus()
            .isNotFound()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.detail")
            .isEqualTo("User 999 not found");
    }

    @Test
    void findWhenIdNotAPositiveIntegerThenBadRequest() {
        for (String bad : new String[] { "abc", "0", "-1", "1.5", "99999999999999999999" }) {
            assertThat(problem(http.get().uri("/users/" + bad).exchange().expectStatus().isBadRequest()).fields())
                .first()
                .isEqualTo("id");
        }
    }

    @Test
    void putAddressWhenNoneThenCreated() {
        long id = signUp("ann@example.com");
        http.put()
            .uri("/users/me/address")
            .headers(bearer(logIn("ann@example.com")))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new AddressBody(" Main 1 ", "Oslo", null))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.id")
            .isEqualTo(id)
            .jsonPath("$.email")
            .isEqualTo("ann@example.com")
            .jsonPath("$.address.street")
            .isEqualTo("Main 1")
            .jsonPath("$.address.city")
            .isEqualTo("Oslo")
            .jsonPath("$.address.country")
            .isEmpty();
        assertThat(count("addresses")).isEqualTo(1);
        http.get().uri("/users/" + id).exchange().expectBody().jsonPath("$.address.street").isEqualTo("Main 1");
    }

    @Test
    void putAddressWhenOneExistsThenReplacedInPlace() {
        long id = signUpWithAddress("ann@example.com");
        long addressId = db.sql("SELECT address_id FROM users WHERE id = :id")
            .bind("id", id)
            .map(r -> r.get(0, Long.class))
            .one()
            .block();
        http.put()
            .uri("/users/me/address")
            .headers(bearer(logIn("ann@example.com")))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(AddressBody.city("Bergen"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.address.id")
            .isEqualTo(addressId)
            .jsonPath("$.address.city")
            .isEqualTo("Bergen")
            .jsonPath("$.address.street")
            .isEmpty()
            .jsonPath("$.address.country")
            .isEmpty();
        assertThat(count("addresses")).isEqualTo(1);
    }

    @Test
    void putAddressWhenInvalidThenBadRequestAndNothingWritten() {
        signUp("ann@example.com");
        String token = logIn("ann@example.com");
        http.put()
            .uri("/users/me/address")
            .headers(bearer(token))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(new AddressBody("s".repeat(201), null, null))
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("street");
        http.put()
            .uri("/users/me/address")
            .headers(bearer(token))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("city", 42)) // a number: no record writes it
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("city");
        assertThat(count("addresses")).isZero();
    }

    @Test
    void putAddressWhenSignedOutThenUnauthorized() {
        http.put()
            .uri("/users/me/address")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(AddressBody.city("Oslo"))
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("addresses")).isZero();
    }

    @Test
    void deleteAddressThenRowGoneAndUserKept() {
        long id = signUpWithAddress("ann@example.com");
        String token = logIn("ann@example.com");
        http.delete().uri("/users/me/address").headers(bearer(token)).exchange().expectStatus().isNoContent();
        assertThat(count("addresses")).isZero();
        http.get().uri("/users/" + id).exchange().expectStatus().isOk().expectBody().jsonPath("$.address").isEmpty();
        http.delete().uri("/users/me/address").headers(bearer(token)).exchange().expectStatus().isNoContent();
    }

    @Test
    void deleteAddressWhenSignedOutThenUnauthorized() {
        signUpWithAddress("ann@example.com");
        http.delete().uri("/users/me/address").exchange().expectStatus().isUnauthorized();
        assertThat(count("addresses")).isEqualTo(1);
    }

    @Test
    void deleteWhenSelfThenUserAndAddressGone() {
        long id = signUpWithAddress("ann@example.com");
        http.delete()
            .uri("/users/" + id)
            .headers(bearer(logIn("ann@example.com")))
            .exchange()
            .expectStatus()
            .isNoContent();
        http.get().uri("/users/" + id).exchange().expectStatus().isNotFound();
        assertThat(count("addresses")).isZero();
    }

    @Test
    void deleteWhenAdminThenGone() {
        long id = signUpWithAddress("ann@example.com");
        http.delete().uri("/users/" + id).headers(bearer(adminToken())).exchange().expectStatus().isNoContent();
        assertThat(count("users")).isEqualTo(1);
        assertThat(count("addresses")).isZero();
    }

    @Test
    void deleteWhenOtherUserThenForbiddenAndUserKept() {
        long id = signUpWithAddress("ann@example.com");
        signUp("bob@example.com");
        http.delete()
            .uri("/users/" + id)
            .headers(bearer(logIn("bob@example.com")))
            .exchange()
            .expectStatus()
            .isForbidden()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/users/" + id).exchange().expectStatus().isOk();
        assertThat(count("addresses")).isEqualTo(1);
    }

    @Test
    void deleteWhenMissingThenNotFound() {
        http.delete().uri("/users/999").headers(bearer(adminToken())).exchange().expectStatus().isNotFound();
    }

    @Test
    void deleteWhenSignedOutOrBadIdThenUnauthorizedOrBadRequest() {
        long id = signUp("ann@example.com");
        http.delete().uri("/users/" + id).exchange().expectStatus().isUnauthorized();
        http.delete().uri("/users/abc").headers(bearer(adminToken())).exchange().expectStatus().isBadRequest();
        assertThat(count("users")).isEqualTo(2);
    }

    @Test
    void bodyFieldsOfOtherUsersAreIgnoredOnAddressPut() {
        signUp("ann@example.com");
        long bob = signUp("bob@example.com");
        // a field the body does not take
        var body = new HashMap<String, Object>(Map.of("city", "Oslo", "id", bob));
        http.put()
            .uri("/users/me/address")
            .headers(bearer(logIn("ann@example.com")))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.id")
            .isEqualTo(2);
        http.get().uri("/users/" + bob).exchange().expectBody().jsonPath("$.address").isEmpty();
    }

}
