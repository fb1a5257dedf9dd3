package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The Cache-Control of the public reads, from PUBLIC_MAX_AGE. */
class HttpPropertiesTest {

    @Test
    void noMaxAgeIsNoCacheAndAMaxAgeReplacesIt() {
        assertThat(new HttpProperties(0, DataSize.ofKilobytes(2), 6).publicCacheControl()).isEqualTo("no-cache");
        assertThat(new HttpProperties(60, DataSize.ofKilobytes(2), 6).publicCacheControl()).isEqualTo("max-age=60");
    }

}
