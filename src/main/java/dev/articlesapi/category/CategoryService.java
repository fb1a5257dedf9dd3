package dev.articlesapi.category;

import dev.articlesapi.auth.AuthUser;
import dev.articlesapi.web.ApiException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Service
class CategoryService {

    private final CategoryRepository categories;

    CategoryService(CategoryRepository categories) {
        this.categories = categories;
    }

    Flux<Category> findAll() {
        return categories.findAll();
    }

    Mono<CategoryDetails> details(long id) {
        return categories.findDetails(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("Category", id)));
    }

    Mono<Category> create(AuthUser caller, CategoryRequest r) {
        return adminOnly(caller).then(categories.insert(r.name()));
    }

    Mono<Category> rename(AuthUser caller, long id, CategoryRequest r) {
        return adminOnly(caller).then(categories.update(id, r.name()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Category", id)));
    }

    Mono<Void> delete(AuthUser caller, long id) {
        return adminOnly(caller).then(categories.delete(id))
                .flatMap(deleted -> deleted ? Mono.<Void>empty() : Mono.error(ApiException.notFound("Category", id)));
    }

    private static Mono<Void> adminOnly(AuthUser caller) {
        return caller.isAdmin() ? Mono.empty()
                : Mono.error(ApiException.forbidden("Only an admin may change categories"));
    }
}
