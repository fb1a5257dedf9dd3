package dev.articlesapi.auth;

import dev.articlesapi.user.AddressRequest;
import dev.articlesapi.web.Text;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Locale;

/** Email is trimmed and lower-cased; the password is kept exactly as typed. */
record SignUpRequest(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 100) String name,
        @NotNull @PasswordBytes String password, @Valid AddressRequest address) {

    SignUpRequest {
        email = email == null ? null : Text.trim(email).toLowerCase(Locale.ROOT);
        name = Text.trim(name);
    }
}
