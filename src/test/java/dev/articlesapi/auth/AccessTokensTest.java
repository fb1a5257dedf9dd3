package dev.articlesapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.validation.Validation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

class AccessTokensTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static JwtProperties props(String secret) {
        return new JwtProperties(secret, 900, 5, "articles-api", "articles-api");
    }

    private static AccessTokens at(Clock clock) {
        return new AccessTokens(props(SECRET), false, clock);
    }

    private static AccessTokens at(Instant instant) {
        return at(Clock.fixed(instant, ZoneOffset.UTC));
    }

    private static final AccessTokens NOW = at(Clock.systemUTC());

    /**
     * The user id and version of a token the decoder accepts; empty for anything it
     * refuses.
     */
    private static Optional<String> verify(AccessTokens tokens, String token) {
        return tokens.decoder()
            .decode(token)
            .map(jwt -> AccessTokens.userId(jwt) + "/" + AccessTokens.version(jwt))
            .onErrorResume(e -> Mono.empty())
            .blockOptional();
    }

    private static String signed(JWSAlgorithm alg, String secret, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder valid() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject("1")
            .claim("ver", 0)
            .issuer("articles-api")
            .audience("articles-api")
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(60)));
    }

    @Test
    void issuedTokenCarriesItsUserVersionIssuerAudienceAndLifetime() {
        String token = NOW.issue(42, 3);
        assertThat(verify(NOW, token)).contains("42/3");
        Jwt jwt = NOW.decoder().decode(token).block();
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("articles-api");
        assertThat(jwt.getAudience()).containsExactly("articles-api");
        assertThat(jwt.getHeaders()).containsEntry("alg", "HS256");
        assertThat(jwt.getExpiresAt()).isEqualTo(jwt.getIssuedAt().plusSeconds(900));
        assertThat(jwt.getNotBefore()).isEqualTo(jwt.getIssuedAt());
    }

    /**
     * Another service holding JWT_SECRET verifies with the bare secret, its key selected
     * by the token's header.
     */
    @Test
    void issuedTokensVerifyWithTheSecretAloneAndNameNoKey() throws Exception {
        String token = NOW.issue(7, 1);
        assertThat(NOW.decoder().decode(token).block().getHeaders()).doesNotContainKey("kid");
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                new ImmutableSecret<>(SECRET.getBytes(StandardCharsets.UTF_8))));
        assertThat(processor.process(token, null).getSubject()).isEqualTo("7");
    }

    @Test
    void aHandMadeTokenWithEveryRequiredClaimIsAccepted() throws Exception {
        assertThat(verify(NOW, signed(JWSAlgorithm.HS256, SECRET, valid().build()))).contains("1/0");
    }

    @Test
    void expiredTokenIsRejectedBeyondTheSkewOnly() {
        String expired = at(Instant.now().minusSeconds(900 + 6)).issue(1, 0);
        assertThat(verify(NOW, expired)).isEmpty();
        String withinSkew = at(Instant.now().minusSeconds(900 - 60)).issue(1, 0);
        assertThat(verify(NOW, withinSkew)).contains("1/0");
    }

    @Test
    void notYetValidTokenIsRejectedBeyondTheSkewOnly() {
        assertThat(verify(NOW, at(Instant.now().plusSeconds(60)).issue(1, 0))).isEmpty();
        assertThat(verify(NOW, at(Instant.now().plusSeconds(2)).issue(1, 0))).contains("1/0");
    }

    @Test
    void unsignedAndOtherAlgorithmsAreRejected() throws Exception {
        assertThat(verify(NOW, new PlainJWT(valid().build()).serialize())).isEmpty();
        assertThat(verify(NOW, signed(JWSAlgorithm.HS384, SECRET + SECRET, valid().build()))).isEmpty();
        assertThat(verify(NOW, signed(JWSAlgorithm.HS256, "another-secret-another-secret-another", valid().build())))
            .isEmpty();
        assertThat(verify(NOW, "")).isEmpty();
        assertThat(verify(NOW, "a.b.c")).isEmpty();
    }

    @Test
    void otherIssuerOrAudienceIsRejected() throws Exception {
        assertThat(verify(NOW, signed(JWSAlgorithm.HS256, SECRET, valid().issuer("someone-else").build()))).isEmpty();
        assertThat(verify(NOW, signed(JWSAlgorithm.HS256, SECRET, valid().audience("another-api").build()))).isEmpty();
        AccessTokens otherAudience = new AccessTokens(new JwtProperties(SECRET, 900, 5, "articles-api", "another-api"),
                false, Clock.systemUTC());
        assertThat(verify(otherAudience, NOW.issue(1, 0))).isEmpty();
    }

    @Test
    void tokenWithoutARequiredClaimIsRejected() throws Exception {
        assertThat(verify(NOW, signed(JWSAlgorithm.HS256, SECRET, valid().expirationTime(null).build()))).isEmpty();
        assertThat(verify(NOW, signed(JWSAlgorithm.HS256, SECRET, valid().notBeforeTime(null).build()))).isEmpty();
        assertThat(verify(NOW, signed(JWSAlgorithm.HS256, SECRET, valid().issuer(null).build()))).isEmpty();
        assertThat(verify(NOW, signed(JWSAlgorithm.HS256, SECRET, valid().audience((String) null).build()))).isEmpty();
        assertThat(verify(NOW, signed(JWSAlgorithm.HS256, SECRET, valid().claim("ver", null).build()))).isEmpty();
        assertThat(verify(NOW, signed(JWSAlgorithm.HS256, SECRET, valid().subject("admin").build()))).isEmpty();
    }

    @Test
    void shortSecretRefusedAndMissingSecretOnlyAllowedEmbedded() {
        var validator = Validation.buildDefaultValidatorFactory().getValidator();
        assertThat(validator.validate(props("too-short"))).extracting(v -> v.getMessage())
            .containsExactly("JWT_SECRET must be at least 32 bytes long");
        assertThat(validator.validate(props("€".repeat(10)))).hasSize(1); // 30 bytes
        assertThat(validator.validate(props(SECRET))).isEmpty();
        assertThat(validator.validate(props(""))).isEmpty();
        assertThatThrownBy(() -> new AccessTokens(props(""), false, Clock.systemUTC()))
            .hasMessageContaining("JWT_SECRET is required");
        AccessTokens generated = new AccessTokens(props(""), true, Clock.systemUTC());
        assertThat(verify(generated, generated.issue(7, 0))).contains("7/0");
    }

}
