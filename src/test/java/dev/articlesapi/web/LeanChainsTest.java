package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The lean chain calls the filters in order, then the chain's end, and nothing else. */
class LeanChainsTest {

    private final ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/articles"));

    private final List<String> calls = new ArrayList<>();

    private WebFilter named(String name) {
        return (exchange, chain) -> {
            calls.add(name);
            return chain.filter(exchange).doOnSuccess(v -> calls.add("after " + name));
        };
    }

    @Test
    void callsEachFilterInOrderThenTheEnd() {
        var chain = new LeanChains.Link(List.of(named("first"), named("second")), 0, exchange -> {
            calls.add("end");
            return Mono.empty();
        });
        StepVerifier.create(chain.filter(exchange)).verifyComplete();
        assertThat(calls).containsExactly("first", "second", "end", "after second", "after first");
    }

    @Test
    void aFilterMayAnswerWithoutTheRest() {
        WebFilter answers = (exchange, chain) -> {
            calls.add("answers");
            return Mono.empty();
        };
        var chain = new LeanChains.Link(List.of(answers, named("never")), 0, exchange -> {
            calls.add("end");
            return Mono.empty();
        });
        StepVerifier.create(chain.filter(exchange)).verifyComplete();
        assertThat(calls).containsExactly("answers");
    }

    @Test
    void aFilterThatThrowsAnswersAnError() {
        WebFilter broken = (exchange, chain) -> {
            throw new IllegalStateException("broken filter");
        };
        var chain = new LeanChains.Link(List.of(named("first"), broken), 0, exchange -> Mono.empty());
        StepVerifier.create(chain.filter(exchange))
            .expectErrorSatisfies(e -> assertThat(e).hasMessage("broken filter"))
            .verify();
        assertThat(calls).containsExactly("first");
    }

}
