package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.articlesapi.web.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.ServerRequest;

/** Parsing If-Match: our strong tags are versions; anything else listed never matches. */
class IfMatchTest {

    private static ServerRequest request(String... ifMatch) {
        MockServerHttpRequest.BaseBuilder<?> builder = MockServerHttpRequest.patch("/articles/1");
        if (ifMatch.length > 0) {
            builder.header("If-Match", ifMatch);
        }
        return ServerRequest.create(MockServerWebExchange.from(builder),
                HandlerStrategies.withDefaults().messageReaders());
    }

    private static int status(Throwable e) {
        return ((ApiException) e).getStatusCode().value();
    }

    @Test
    void absentIsUnconditionalUnlessRequired() {
        assertThat(IfMatch.of(request(), false)).isEqualTo(IfMatch.NONE);
        assertThatThrownBy(() -> IfMatch.of(request(), true)).satisfies(e -> assertThat(status(e)).isEqualTo(428));
    }

    @Test
    void starAsksOnlyThatTheArticleExists() {
        assertThat(IfMatch.of(request("*"), true)).isEqualTo(IfMatch.NONE);
        assertThat(IfMatch.of(request(" * "), false).conditional()).isFalse();
    }

    @Test
    void strongVersionTagsAreCollectedAndOthersNeverMatch() {
        assertThat(IfMatch.of(request("\"v42\""), false)).isEqualTo(new IfMatch(true, List.of(42L)));
        assertThat(IfMatch.of(request("\"v1\", W/\"v2\" ,\"nope\",\"v3\""), false))
            .isEqualTo(new IfMatch(true, List.of(1L, 3L)));
        assertThat(IfMatch.of(request("\"v1\"", "\"v2\""), false)).isEqualTo(new IfMatch(true, List.of(1L, 2L)));
        assertThat(IfMatch.of(request("\"v99999999999999999999\""), false)).isEqualTo(new IfMatch(true, List.of()));
        assertThat(IfMatch.of(request("\"a,b\""), false)).isEqualTo(new IfMatch(true, List.of()));
    }

    @Test
    void anythingButStarOrQuotedTagsIs400() {
        for (String bad : List.of("v42", "\"v42", "\"v42\" junk", "\"v1\" \"v2\"", "*, \"v1\"x")) {
            assertThatThrownBy(() -> IfMatch.of(request(bad), false)).as(bad)
                .satisfies(e -> assertThat(status(e)).isEqualTo(400));
        }
    }

}
