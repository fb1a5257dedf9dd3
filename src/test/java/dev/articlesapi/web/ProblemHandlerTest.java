package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.r2dbc.UncategorizedR2dbcException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import reactor.netty.channel.AbortedException;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class ProblemHandlerTest {

    private static int status(Throwable ex) {
        return ProblemHandler.toErrorResponse(ex, "/a").getStatusCode().value();
    }

    @Test
    void unexpectedErrorIsA500WithAnIdAndNoInternals() {
        ErrorResponse p = ProblemHandler.toErrorResponse(new IllegalStateException("secret internals"), "/x");
        assertThat(p.getStatusCode().value()).isEqualTo(500);
        Object id = p.getBody().getProperties().get("id");
        assertThat(id).asString().isNotBlank();
        assertThat(p.getBody().getDetail()).contains(id.toString())
            .doesNotContain("secret internals")
            .doesNotContain("Exception");
    }

    @Test
    void apiExceptionIsAnsweredAsItIs() {
        ApiException conflict = ApiException.conflict("Email already registered");
        ErrorResponse p = ProblemHandler.toErrorResponse(conflict, "/a");
        assertThat(p).isSameAs(conflict);
        assertThat(p.getStatusCode().value()).isEqualTo(409);
        assertThat(p.getBody().getTitle()).isEqualTo("Conflict");
        assertThat(p.getBody().getDetail()).isEqualTo("Email already registered");
        assertThat(p.getBody().getProperties()).isNull();
    }

    @Test
    void aClientThatWentAwayGetsNothingWrittenAndIsNotAnUnexpectedError() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/articles/1"));
        ProblemHandler handler = new ProblemHandler(new ProblemWriter(JsonMapper.builder().build()));
        StepVerifier
            .create(handler.handle(exchange, new AbortedException("Connection has been closed BEFORE send operation")))
            .expectError(AbortedException.class)
            .verify(Duration.ofSeconds(5));
        assertThat(exchange.getResponse().getStatusCode()).isNull();
        // anything else still becomes a problem
        StepVerifier.create(handler.handle(exchange, new IllegalStateException("boom"))).verifyComplete();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    @Test
    void apiExceptionHasNoStackTrace() {
        assertThat(ApiException.badRequest("x").getStackTrace()).isEmpty();
    }

    @Test
    void validationErrorsAreTheErrorsProperty() {
        ApiException invalid = ApiException.invalid("limit", "must be between 1 and 100");
        assertThat(invalid.getBody().getDetail()).isEqualTo("Validation failed");
        assertThat(invalid.getBody().getProperties()).containsEntry("errors",
                List.of(new ApiException.FieldError("limit", "must be between 1 and 100")));
    }

    @Test
    void retryAfterIsAHeaderInWholeSecondsRoundedUp() {
        ApiException busy = ApiException.unavailable("busy", Duration.ofMillis(4_200));
        assertThat(busy.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(ApiException.tooManyRequests("slow down", Duration.ofMillis(10))
            .getHeaders()
            .getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    }

    @Test
    void bufferLimitAnywhereInTheChainIs413() {
        var wrapped = new ServerWebInputException("x", null,
                new DecodingException("y", new DataBufferLimitException("too big")));
        assertThat(status(wrapped)).isEqualTo(413);
    }

    @Test
    void noRouteIs404NamingThePath() {
        ErrorResponse p = ProblemHandler.toErrorResponse(new ResponseStatusException(HttpStatus.NOT_FOUND), "/nope");
        assertThat(p.getStatusCode().value()).isEqualTo(404);
        assertThat(p.getBody().getDetail()).isEqualTo("No route for /nope");
    }

    @Test
    void databaseUnreachableIs503WithRetryAfter() {
        for (Throwable ex : List.of(new DataAccessResourceFailureException("down"),
                new R2dbcNonTransientResourceException("refused"))) {
            ErrorResponse p = ProblemHandler.toErrorResponse(ex, "/a");
            assertThat(p.getStatusCode().value()).as(ex.toString()).isEqualTo(503);
            assertThat(p.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        }
    }

    @Test
    void statementTimeoutTerminatedBackendOrLostConnectionIs503() {
        for (String state : new String[] { "57014", "57P01", "08006" }) {
            var ex = new UncategorizedR2dbcException("select", "SELECT ...",
                    new R2dbcException("canceling statement due to statement timeout", state) {
                    });
            ErrorResponse p = ProblemHandler.toErrorResponse(ex, "/articles");
            assertThat(p.getStatusCode().value()).as(state).isEqualTo(503);
            assertThat(p.getBody().getProperties()).isNull();
        }
    }

    @Test
    void deadlockOrSerializationFailureIsA503WithoutAnId() {
        for (String state : new String[] { "40P01", "40001", "55P03" }) {
            var ex = new UncategorizedR2dbcException("update", "UPDATE articles ...",
                    new R2dbcRollbackException("deadlock detected", state));
            ErrorResponse p = ProblemHandler.toErrorResponse(ex, "/articles/1");
            assertThat(p.getStatusCode().value()).as(state).isEqualTo(503);
            assertThat(p.getBody().getDetail())
                .isEqualTo("The change collided with a concurrent one and was not made; try again");
            assertThat(p.getBody().getProperties()).isNull();
        }
    }

    @Test
    void unclaimedConstraintViolationIs409() {
        assertThat(status(new DataIntegrityViolationException("duplicate"))).isEqualTo(409);
    }

    @Test
    void describesJsonTypes() {
        assertThat(ProblemHandler.describe(String.class)).isEqualTo("a string");
        assertThat(ProblemHandler.describe(Long.class)).isEqualTo("an integer");
        assertThat(ProblemHandler.describe(List.class)).isEqualTo("an array");
    }

}
