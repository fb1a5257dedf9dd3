package dev.articlesapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static TokenService at(Instant instant) {
        return new TokenService(new JwtProperties(SECRET, 3600, 5), false, Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void issuedTokenVerifiesToItsUser() {
        TokenService tokens = new TokenService(new JwtProperties(SECRET, 3600, 5), false, Clock.systemUTC());
        assertThat(tokens.verify(tokens.issue(42, 0))).contains(new TokenService.Claims(42, 0));
    }

    @Test
    void tokenCarriesItsVersion() {
        TokenService tokens = new TokenService(new JwtProperties(SECRET, 3600, 5), false, Clock.systemUTC());
        assertThat(tokens.verify(tokens.issue(5, 3))).contains(new TokenService.Claims(5, 3));
    }

    @Test
    void expiredTokenIsRejectedBeyondTheSkew() {
        TokenService issuer = at(Instant.now().minusSeconds(3600 + 6));
        TokenService now = new TokenService(new JwtProperties(SECRET, 3600, 5), false, Clock.systemUTC());
        assertThat(now.verify(issuer.issue(1, 0))).isEmpty();
        TokenService withinSkew = at(Instant.now().minusSeconds(3600 - 60));
        assertThat(now.verify(withinSkew.issue(1, 0))).contains(new TokenService.Claims(1, 0));
    }

    @Test
    void unsignedAndOtherAlgorithmsAreRejected() throws Exception {
        TokenService tokens = at(NOW);
        var claims = new JWTClaimsSet.Builder().subject("1").issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
        assertThat(tokens.verify(new PlainJWT(claims).serialize())).isEmpty();
        SignedJWT hs384 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS384), claims);
        hs384.sign(new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(tokens.verify(hs384.serialize())).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify("a.b.c")).isEmpty();
    }

    @Test
    void tokenWithoutExpiryIsRejected() throws Exception {
        var claims = new JWTClaimsSet.Builder().subject("1").issueTime(new Date()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertThat(at(NOW).verify(jwt.serialize())).isEmpty();
    }

    @Test
    void shortSecretRefusedAndMissingSecretOnlyAllowedEmbedded() {
        assertThatThrownBy(() -> new TokenService(new JwtProperties("too-short", 60, 5), false, Clock.systemUTC()))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new TokenService(new JwtProperties("", 60, 5), false, Clock.systemUTC()))
                .hasMessageContaining("JWT_SECRET is required");
        TokenService generated = new TokenService(new JwtProperties("", 60, 5), true, Clock.systemUTC());
        assertThat(generated.verify(generated.issue(7, 0))).contains(new TokenService.Claims(7, 0));
    }
}
