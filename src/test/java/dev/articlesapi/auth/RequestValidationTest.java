package dev.articlesapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.user.AddressRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RequestValidationTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    private Set<String> failing(Object request) {
        return validator.validate(request)
            .stream()
            .map(ConstraintViolation::getPropertyPath)
            .map(Object::toString)
            .collect(Collectors.toSet());
    }

    @Test
    void signUpTrimsAndLowerCasesEmailAndTrimsName() {
        var r = new SignUpRequest("  Ann@Example.COM ", "  Ann ", "password1", null);
        assertThat(r.email()).isEqualTo("ann@example.com");
        assertThat(r.name()).isEqualTo("Ann");
        assertThat(failing(r)).isEmpty();
    }

    @Test
    void passwordLengthCountsBytesNotCharacters() {
        assertThat(failing(new SignUpRequest("a@b.io", "A", "1234567", null))).containsExactly("password");
        assertThat(failing(new SignUpRequest("a@b.io", "A", "12345678", null))).isEmpty();
        assertThat(failing(new SignUpRequest("a@b.io", "A", "x".repeat(72), null))).isEmpty();
        assertThat(failing(new SignUpRequest("a@b.io", "A", "x".repeat(73), null))).containsExactly("password");
        assertThat(failing(new SignUpRequest("a@b.io", "A", "€".repeat(25), null))).containsExactly("password");
        assertThat(failing(new SignUpRequest("a@b.io", "A", "€".repeat(24), null))).isEmpty();
    }

    @Test
    void addressBlankFieldsBecomeNullAndLongOnesFail() {
        var a = new AddressRequest("  ", " Oslo ", null);
        assertThat(a.street()).isNull();
        assertThat(a.city()).isEqualTo("Oslo");
        assertThat(
                failing(new SignUpRequest("a@b.io", "A", "12345678", new AddressRequest("s".repeat(201), null, null))))
            .containsExactly("address.street");
    }

}
