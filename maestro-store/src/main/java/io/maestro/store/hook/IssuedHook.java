package io.maestro.store.hook;

/**
 * A hook just created with its clear token: shown once to whoever created it, never stored.
 */
public record IssuedHook(RedeployHook hook, String token) {

    @Override
    public String toString() {
        return "IssuedHook[" + hook + ", token " + hook.prefix() + "...]";
    }
}
