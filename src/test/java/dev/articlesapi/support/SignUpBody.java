package dev.articlesapi.support;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * POST /authentication/sign-up's body; a null component is left out of the JSON (absent,
 * as the contract allows).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignUpBody(String email, String name, String password, AddressBody address) {

    public SignUpBody(String email, String name, String password) {
        this(email, name, password, null);
    }
}
