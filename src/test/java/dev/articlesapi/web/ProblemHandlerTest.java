package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import org.junit.jupiter.api.Test;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.r2dbc.UncategorizedR2dbcException;
import org.springframework.web.server.ServerWebInputException;

class ProblemHandlerTest {

    @Test
    void unexpectedErrorIsA500WithAnIdAndNoInternals() {
        Problem p = ProblemHandler.toProblem(new IllegalStateException("secret internals"), "/x");
        assertThat(p.status()).isEqualTo(500);
        assertThat(p.id()).isNotBlank();
        assertThat(p.detail()).contains(p.id()).doesNotContain("secret internals").doesNotContain("Exception");
    }

    @Test
    void apiExceptionKeepsItsStatusAndDetail() {
        Problem p = ProblemHandler.toProblem(ApiException.conflict("Email already registered"), "/a");
        assertThat(p.status()).isEqualTo(409);
        assertThat(p.title()).isEqualTo("Conflict");
        assertThat(p.detail()).isEqualTo("Email already registered");
        assertThat(p.instance()).isEqualTo("/a");
        assertThat(p.id()).isNull();
    }

    @Test
    void bufferLimitAnywhereInTheChainIs413() {
        var wrapped = new ServerWebInputException("x", null,
                new DecodingException("y", new DataBufferLimitException("too big")));
        assertThat(ProblemHandler.toProblem(wrapped, "/a").status()).isEqualTo(413);
    }

    @Test
    void databaseUnreachableIs503() {
        assertThat(ProblemHandler.toProblem(new DataAccessResourceFailureException("down"), "/a").status())
                .isEqualTo(503);
        assertThat(ProblemHandler.toProblem(new R2dbcNonTransientResourceException("refused"), "/a").status())
                .isEqualTo(503);
    }

    @Test
    void statementTimeoutTerminatedBackendOrLostConnectionIs503() {
        for (String state : new String[] {"57014", "57P01", "08006"}) {
            var ex = new UncategorizedR2dbcException("select", "SELECT ...",
                    new io.r2dbc.spi.R2dbcException("canceling statement due to statement timeout", state) {});
            Problem p = ProblemHandler.toProblem(ex, "/articles");
            assertThat(p.status()).as(state).isEqualTo(503);
            assertThat(p.id()).isNull();
        }
    }

    @Test
    void deadlockOrSerializationFailureIsA503WithoutAnId() {
        for (String state : new String[] {"40P01", "40001", "55P03"}) {
            var ex = new UncategorizedR2dbcException("update", "UPDATE articles ...",
                    new R2dbcRollbackException("deadlock detected", state));
            Problem p = ProblemHandler.toProblem(ex, "/articles/1");
            assertThat(p.status()).as(state).isEqualTo(503);
            assertThat(p.detail()).isEqualTo("The change collided with a concurrent one and was not made; try again");
            assertThat(p.id()).isNull();
        }
    }

    @Test
    void describesJsonTypes() {
        assertThat(ProblemHandler.describe(String.class)).isEqualTo("a string");
        assertThat(ProblemHandler.describe(Long.class)).isEqualTo("an integer");
        assertThat(ProblemHandler.describe(java.util.List.class)).isEqualTo("an array");
    }
}
