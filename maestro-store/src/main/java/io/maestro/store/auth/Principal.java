package io.maestro.store.auth;

/** Who a request comes from: the token's user (with their current role) and the token used. */
public record Principal(User user, long tokenId) {

    /** Whether this principal's role includes {@code required}. */
    public boolean has(Role required) {
        return user.role().allows(required);
    }
}
