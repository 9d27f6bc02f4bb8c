package io.maestro.store.auth;

/**
 * A token just created: the only time its clear {@code value} exists. Show it to its owner once;
 * the store keeps only its hash. {@link #toString()} leaves the value out so that it cannot end up
 * in a log by accident.
 */
public record IssuedToken(ApiToken token, String value) {

    @Override
    public String toString() {
        return "IssuedToken[token=" + token + ", value=" + token.prefix() + "...]";
    }
}
