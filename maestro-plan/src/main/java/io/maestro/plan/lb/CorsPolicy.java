package io.maestro.plan.lb;

/**
 * CORS headers added to every proxied response ({@code docker.configuration.nginx.cors}); a
 * preflight {@code OPTIONS} request is answered by the load balancer with 204.
 *
 * @param origin allowed origin ({@code *} or a URL)
 * @param methods allowed methods, e.g. {@code GET, POST, OPTIONS}
 * @param headers allowed request headers, or null for none listed
 * @param credentials whether {@code Access-Control-Allow-Credentials: true} is sent
 */
public record CorsPolicy(String origin, String methods, String headers, boolean credentials) {

    public CorsPolicy {
        ConfigText.headerValue(origin, "CORS origin");
        ConfigText.headerValue(methods, "CORS method list");
        if (headers != null) {
            ConfigText.headerValue(headers, "CORS header list");
        }
    }
}
