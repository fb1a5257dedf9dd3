package dev.articlesapi.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How answers are cached and compressed.
 *
 * @param publicMaxAge seconds a browser or shared cache may use a public read without
 * asking again ({@code PUBLIC_MAX_AGE}); 0 (the default) answers
 * {@code Cache-Control: no-cache}: stored, but revalidated with its ETag before each use
 * @param compressionMinSize JSON answers at least this large are gzip-compressed for a
 * client whose {@code Accept-Encoding} allows it ({@code COMPRESSION_MIN_SIZE})
 * @param compressionLevel zlib's level for gzip and deflate, 1 (fastest) to 9 (smallest)
 * ({@code COMPRESSION_LEVEL}; bench/README.md, "Compression")
 */
@Validated
@ConfigurationProperties("articles.http")
public record HttpProperties(@PositiveOrZero long publicMaxAge, @NotNull DataSize compressionMinSize,
        @Min(1) @Max(9) int compressionLevel) {

    /** The Cache-Control of a public read's 200 and 304 answers. */
    public String publicCacheControl() {
        return publicMaxAge == 0 ? "no-cache" : "max-age=" + publicMaxAge;
    }

}
