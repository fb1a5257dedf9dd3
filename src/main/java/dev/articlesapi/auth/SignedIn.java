package dev.articlesapi.auth;

import dev.articlesapi.user.PrivateUser;
import dev.articlesapi.web.Caller;
import java.util.List;
import java.util.Locale;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request signed in with a valid access token: the {@link Caller} as principal (what
 * every feature reads), and the user with their address as the one statement of the
 * sign-in lookup read them (what GET /authentication answers, without a second
 * statement). The token itself is not kept.
 */
final class SignedIn extends AbstractAuthenticationToken {

    private final Caller caller;

    private final transient PrivateUser user;

    SignedIn(Caller caller, PrivateUser user) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().toUpperCase(Locale.ROOT))));
        this.caller = caller;
        this.user = user;
        setAuthenticated(true);
    }

    PrivateUser user() {
        return user;
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

}
