package dev.articlesapi.user;

/** What a user (or an admin) sees of that user; never a password hash. */
public record PrivateUser(long id, String email, String name, String role, Address address) {

    public PublicUser toPublic() {
        return new PublicUser(id, name, address);
    }
}
