package dev.articlesapi.user;

import dev.articlesapi.web.Text;
import jakarta.validation.constraints.Size;

/** Every field is optional; blank strings are stored as null. */
public record AddressRequest(@Size(max = 200) String street, @Size(max = 100) String city,
        @Size(max = 100) String country) {

    public AddressRequest {
        street = blankToNull(street);
        city = blankToNull(city);
        country = blankToNull(country);
    }

    private static String blankToNull(String s) {
        String t = Text.trim(s);
        return t == null || t.isEmpty() ? null : t;
    }
}
