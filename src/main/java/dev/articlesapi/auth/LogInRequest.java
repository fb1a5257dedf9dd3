package dev.articlesapi.auth;

import dev.articlesapi.web.Text;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.Locale;

record LogInRequest(@NotBlank String email, @NotNull String password) {

    LogInRequest {
        email = email == null ? null : Text.trim(email).toLowerCase(Locale.ROOT);
    }
}
