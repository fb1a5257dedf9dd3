package dev.articlesapi.support;

import com.fasterxml.jackson.annotation.JsonInclude;

/** POST /categories' and PUT /categories/{id}'s body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CategoryBody(String name) {
}
