package io.maestro.plan.lb;

import java.util.Objects;

/**
 * Load balancer choices that are not in the manifest (they come from Maestro's settings).
 *
 * @param listenAddress address every listener binds
 * @param files the proxy's prefix layout
 * @param redirectHttpToHttps whether a port mapped to both http and https redirects http (301)
 * @param wwwRedirect www / non-www canonicalisation
 * @param hsts whether HTTPS responses carry HSTS
 * @param keepaliveConnections idle upstream connections kept per worker and upstream
 * @param rateLimiting whether {@code activeprotect.http_ban_rate} is enforced
 */
public record PlannerOptions(String listenAddress, LoadBalancerFiles files, boolean redirectHttpToHttps,
        WwwRedirect wwwRedirect, boolean hsts, int keepaliveConnections, boolean rateLimiting) {

    public PlannerOptions {
        ConfigText.address(listenAddress);
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(wwwRedirect, "wwwRedirect");
    }

    /** Defaults for a server: all addresses, redirects to HTTPS, rate limiting on, no HSTS. */
    public static PlannerOptions defaults(LoadBalancerFiles files) {
        return new PlannerOptions("0.0.0.0", files, true, WwwRedirect.NONE, false, 32, true);
    }

    public PlannerOptions withListenAddress(String address) {
        return new PlannerOptions(address, files, redirectHttpToHttps, wwwRedirect, hsts, keepaliveConnections, rateLimiting);
    }

    public PlannerOptions withWwwRedirect(WwwRedirect redirect) {
        return new PlannerOptions(listenAddress, files, redirectHttpToHttps, redirect, hsts, keepaliveConnections, rateLimiting);
    }

    public PlannerOptions withHsts(boolean on) {
        return new PlannerOptions(listenAddress, files, redirectHttpToHttps, wwwRedirect, on, keepaliveConnections, rateLimiting);
    }

    public PlannerOptions withRedirectHttpToHttps(boolean on) {
        return new PlannerOptions(listenAddress, files, on, wwwRedirect, hsts, keepaliveConnections, rateLimiting);
    }

    public PlannerOptions withRateLimiting(boolean on) {
        return new PlannerOptions(listenAddress, files, redirectHttpToHttps, wwwRedirect, hsts, keepaliveConnections, on);
    }

    /** Which name of a www / non-www pair is canonical; the other answers 301. */
    public enum WwwRedirect {
        /** No redirect. */
        NONE,
        /** {@code example.com} → {@code www.example.com} for every {@code www.} name in traffic_matches. */
        TO_WWW,
        /** {@code www.example.com} → {@code example.com} for every other exact name in traffic_matches. */
        TO_APEX
    }
}
