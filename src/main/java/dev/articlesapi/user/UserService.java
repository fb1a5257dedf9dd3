package dev.articlesapi.user;

import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

@Service
class UserService {

    private final UserRepository users;

    UserService(UserRepository users) {
        this.users = users;
    }

    /** PrivateUser for the user themself or an admin, PublicUser for anyone else. */
    Mono<Object> find(long id, Caller caller) {
        return users.findPrivate(id)
            .<Object>map(u -> caller != null && caller.mayActFor(id) ? u : u.toPublic())
            .switchIfEmpty(Mono.error(() -> ApiException.notFound("User", id)));
    }

    Mono<PrivateUser> putAddress(Caller caller, AddressRequest address) {
        return users.putAddress(caller.id(), address)
            .switchIfEmpty(Mono.error(() -> ApiException.unauthorized("The signed-in user no longer exists")));
    }

    Mono<Void> deleteAddress(Caller caller) {
        return users.deleteAddress(caller.id());
    }

    Mono<Void> delete(long id, Caller caller) {
        if (!caller.mayActFor(id)) {
            return Mono.error(ApiException.forbidden("Only the user themself or an admin may delete a user"));
        }
        return users.delete(id)
            .flatMap(deleted -> deleted ? Mono.<Void>empty() : Mono.error(ApiException.notFound("User", id)));
    }

}
