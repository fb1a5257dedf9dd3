package dev.articlesapi.support;

import com.fasterxml.jackson.annotation.JsonInclude;

/** POST /authentication/log-in's body; a null component is left out of the JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogInBody(String email, String password) {
}
