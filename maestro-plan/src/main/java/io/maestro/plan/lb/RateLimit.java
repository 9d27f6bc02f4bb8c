package io.maestro.plan.lb;

import java.util.List;

/**
 * Per-client-IP request limit ({@code docker.configuration.activeprotect.http_ban_rate}): above
 * {@code requestsPerMinute} a client gets 429 until its rate drops. Addresses in
 * {@code exempt} ({@code activeprotect.whitelist}) are never limited.
 *
 * @param requestsPerMinute the allowed rate
 * @param exempt IP addresses or CIDR ranges
 */
public record RateLimit(int requestsPerMinute, List<String> exempt) {

    public RateLimit {
        if (requestsPerMinute < 1) {
            throw new LoadBalancerConfigException("a rate limit needs at least 1 request per minute, got " + requestsPerMinute);
        }
        exempt = List.copyOf(exempt);
        for (String range : exempt) {
            if (!range.matches("[0-9a-fA-F:.]{2,45}(/[0-9]{1,3})?")) {
                throw new LoadBalancerConfigException("expected an IP address or CIDR range to exempt from rate limiting, got "
                        + ConfigText.quote(range));
            }
        }
    }

    /** Requests a client may send in a burst above the steady rate before it is limited: ten seconds' worth. */
    public int burst() {
        return Math.max(10, requestsPerMinute / 6);
    }
}
