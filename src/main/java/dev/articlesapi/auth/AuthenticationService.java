package dev.articlesapi.auth;

import dev.articlesapi.web.Caller;
import dev.articlesapi.user.PrivateUser;
import dev.articlesapi.user.UserRepository;
import dev.articlesapi.web.ApiException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

@Service
class AuthenticationService {

    static final String WRONG_CREDENTIALS = "Wrong credentials provided";

    private final UserRepository users;
    private final Passwords passwords;
    private final TokenService tokens;
    private final Throttle throttle;

    AuthenticationService(UserRepository users, Passwords passwords, TokenService tokens, Throttle throttle) {
        this.users = users;
        this.passwords = passwords;
        this.tokens = tokens;
        this.throttle = throttle;
    }

    /**
     * One statement inserts the user and the address: a failure (a taken email) leaves neither. The client
     * address's sign-up budget is spent first, before any bcrypt work.
     */
    Mono<PrivateUser> signUp(SignUpRequest r, String clientAddress) {
        return throttle.takeSignUp(clientAddress)
                .then(passwords.hash(r.password()))
                .flatMap(hash -> users.insert(r.email(), r.name(), hash, r.address()));
    }

    record LoggedIn(PrivateUser user, String token) {}

    /**
     * Unknown email and wrong password give the same answer after the same bcrypt work. Each attempt takes its
     * unit from the throttling budgets before any password is checked (429 once one is spent); a success gives
     * it back.
     */
    Mono<LoggedIn> logIn(LogInRequest r, String clientAddress) {
        return throttle.takeLogIn(r.email(), clientAddress)
                .then(users.findCredentials(r.email()))
                .defaultIfEmpty(new UserRepository.Credentials(0, null, 0))
                .flatMap(c -> passwords.matches(r.password(), c.passwordHash())
                        .filter(Boolean::booleanValue)
                        .flatMap(ok -> users.findPrivate(c.id()))
                        .flatMap(u -> throttle.loggedIn(r.email(), clientAddress)
                                .thenReturn(new LoggedIn(u, tokens.issue(u.id(), c.tokenVersion())))))
                .switchIfEmpty(Mono.error(() -> ApiException.badRequest(WRONG_CREDENTIALS)));
    }

    /** Every token of the caller stops working, on every device. */
    Mono<Void> logOut(Caller caller) {
        return users.revokeTokens(caller.id());
    }

    Mono<PrivateUser> me(Caller caller) {
        return users.findPrivate(caller.id())
                .switchIfEmpty(Mono.error(() -> ApiException.unauthorized("The signed-in user no longer exists")));
    }
}
