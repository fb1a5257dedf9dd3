package dev.articlesapi.auth;

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

    AuthenticationService(UserRepository users, Passwords passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    /** One statement inserts the user and the address: a failure (a taken email) leaves neither. */
    Mono<PrivateUser> signUp(SignUpRequest r) {
        return passwords.hash(r.password())
                .flatMap(hash -> users.insert(r.email(), r.name(), hash, r.address()));
    }

    /** Unknown email and wrong password give the same answer after the same bcrypt work. */
    Mono<PrivateUser> logIn(LogInRequest r) {
        return users.findCredentials(r.email())
                .defaultIfEmpty(new UserRepository.Credentials(0, null))
                .flatMap(c -> passwords.matches(r.password(), c.passwordHash())
                        .filter(Boolean::booleanValue)
                        .flatMap(ok -> users.findPrivate(c.id())))
                .switchIfEmpty(Mono.error(() -> ApiException.badRequest(WRONG_CREDENTIALS)));
    }

    Mono<PrivateUser> me(AuthUser caller) {
        return users.findPrivate(caller.id())
                .switchIfEmpty(Mono.error(() -> ApiException.unauthorized("The signed-in user no longer exists")));
    }
}
