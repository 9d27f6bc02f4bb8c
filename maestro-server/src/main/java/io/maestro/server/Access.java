package io.maestro.server;

import io.javalin.security.RouteRole;
import io.maestro.store.auth.Role;

/**
 * The least role a route requires, attached to the route when it is registered. Every route
 * carries exactly one; the access check refuses a route without one, so a route added without
 * thinking about access is closed, not open.
 */
public enum Access implements RouteRole {
    /**
     * No login needed: only the dashboard's login form and its static CSS/JS. The server refuses
     * to start when an API route ({@code /api/...}) carries it.
     */
    ANYONE(null),
    VIEWER(Role.VIEWER),
    DEPLOYER(Role.DEPLOYER),
    ADMIN(Role.ADMIN);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** The store role this access level requires; {@code null} for {@link #ANYONE}. */
    public Role role() {
        return role;
    }
}
