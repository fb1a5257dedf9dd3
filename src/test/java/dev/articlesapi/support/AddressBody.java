package dev.articlesapi.support;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * PUT /users/me/address's body and a sign-up's address; a null component is left out of
 * the JSON (a test that means an explicit {@code null} writes the JSON itself).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AddressBody(String street, String city, String country) {

    public static AddressBody city(String city) {
        return new AddressBody(null, city, null);
    }
}
