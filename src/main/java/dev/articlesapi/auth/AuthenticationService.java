package dev.articlesapi.auth;

import dev.articlesapi.user.PrivateUser;
import dev.articlesapi.user.UserRepository;
import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

@Service
class AuthenticationService {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationService.class);
    static final String WRONG_CREDENTIALS = "Wrong credentials provided";

    private final UserRepository users;

    private final AuthRepository repository;

    private final Passwords passwords;

    private final AccessTokens accessTokens;

    private final RefreshTokens refreshTokens;

    private final Throttle throttle;

    AuthenticationService(UserRepository users, AuthRepository repository, Passwords passwords,
            AccessTokens accessTokens, RefreshTokens refreshTokens, Throttle throttle) {
        this.users = users;
        this.repository = repository;
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
    }

    /**
     * One statement inserts the user and the address: a failure (a taken email) leaves
     * neither. The client address's sign-up budget is spent first, before any bcrypt
     * work.
     */
    Mono<PrivateUser> signUp(SignUpRequest r, String clientAddress) {
        return throttle.takeSignUp(clientAddress)
            .then(passwords.hash(r.password()))
            .flatMap(hash -> users.insert(r.email(), r.name(), hash, r.address()));
    }

    /** The user, a short-lived access token and the refresh token of a new session. */
    record Tokens(PrivateUser user, String accessToken, String refreshToken) {
    }

    /**
     * Unknown email and wrong password give the same answer after the same bcrypt work.
     * Each attempt takes its unit from the throttling budgets before any password is
     * checked (429 once one is spent); a success gives it back.
     */
    Mono<Tokens> logIn(LogInRequest r, String clientAddress) {
        return throttle.takeLogIn(r.email(), clientAddress)
            .then(repository.findCredentials(r.email()))
            .defaultIfEmpty(new AuthRepository.Credentials(0, null))
            .flatMap(
                    c -> passwords.matches(r.password(), c.passwordHash()).filter(Boolean::booleanValue).flatMap(ok -> {
                        RefreshTokens.Issued refresh = refreshTokens.issue();
                        return refreshTokens.start(c.id(), refresh)
                            .flatMap(s -> throttle.loggedIn(r.email(), clientAddress).thenReturn(tokens(s, refresh)));
                    }))
            .switchIfEmpty(Mono.error(() -> ApiException.badRequest(WRONG_CREDENTIALS)));
    }

    /**
     * Exchanges a refresh token for a new access token and the next refresh token of its
     * session. Errors are 401s; {@link RefreshRefused#keepCookie()} says whether the
     * client's refresh cookie may still be good (another request of the same client
     * rotated it a moment ago and set its successor).
     */
    Mono<Tokens> refresh(String presented) {
        if (presented == null || presented.isBlank()) {
            return Mono.error(new RefreshRefused("Sign in first: no refresh token was sent", false));
        }
        RefreshTokens.Issued next = refreshTokens.issue();
        return refreshTokens.rotate(presented, next).flatMap(rotation -> switch (rotation.outcome()) {
            case ROTATED -> Mono.just(tokens(rotation.session(), next));
            case RACED -> Mono.error(new RefreshRefused(
                    "This refresh token was used a moment ago by another request; use the cookie it set", true));
            case REUSED -> {
                log.warn("A refresh token was presented again after its rotation: its session is revoked");
                yield Mono.error(new RefreshRefused(
                        "This refresh token was already used: its session is revoked; log in again", false));
            }
            case REFUSED ->
                Mono.error(new RefreshRefused("The refresh token is unknown, expired or revoked; log in again", false));
        });
    }

    /** A 401 for a refresh, saying whether the refresh cookie should be kept. */
    static final class RefreshRefused extends ApiException {

        private final boolean keepCookie;

        RefreshRefused(String detail, boolean keepCookie) {
            super(HttpStatus.UNAUTHORIZED, detail);
            this.keepCookie = keepCookie;
        }

        boolean keepCookie() {
            return keepCookie;
        }

    }

    private Tokens tokens(AuthRepository.Session session, RefreshTokens.Issued refresh) {
        return new Tokens(session.user(), accessTokens.issue(session.user().id(), session.tokenVersion()),
                refresh.token());
    }

    /** Every access and refresh token of the caller stops working, on every device. */
    Mono<Void> logOut(Caller caller) {
        return repository.logOut(caller.id());
    }

}
