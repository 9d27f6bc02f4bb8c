package io.maestro.plan.lb;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP request that tells whether a backend is alive ({@code load_balancer.configuration.httpchk}).
 * HAProxy sends it actively every {@code intervalSeconds}; nginx OSS has no active checks, so there
 * a backend leaves rotation after {@code fall} failed requests and is retried after
 * {@code intervalSeconds} (passive checks).
 *
 * @param method {@code HEAD} or {@code GET} (or any upper-case token)
 * @param path the path asked for
 * @param intervalSeconds time between checks
 * @param fall failures before a backend is taken out
 * @param rise successes before it comes back
 */
public record HealthCheck(String method, String path, int intervalSeconds, int fall, int rise) {

    private static final Pattern HTTPCHK = Pattern.compile("(?:([A-Za-z]{3,7}) )?(/\\S*)(?: HTTP/[0-9.]{1,3})?");

    /** HAProxy's documented default: {@code HEAD / HTTP/1.0}. */
    public static final HealthCheck DEFAULT = new HealthCheck("HEAD", "/", 2, 2, 1);

    public HealthCheck {
        if (!method.matches("[A-Z]{3,7}")) {
            throw new LoadBalancerConfigException("expected an HTTP method such as HEAD or GET, got " + ConfigText.quote(method));
        }
        ConfigText.path(path);
        if (intervalSeconds < 1 || fall < 1 || rise < 1) {
            throw new LoadBalancerConfigException("health check interval, fall and rise must be at least 1");
        }
    }

    /** Parses {@code /healthz} or {@code HEAD / HTTP/1.0} (the manifest's two spellings). */
    public static HealthCheck parse(String httpchk) {
        Matcher m = HTTPCHK.matcher(httpchk.strip());
        if (!m.matches()) {
            throw new LoadBalancerConfigException("expected httpchk such as '/healthz' or 'HEAD / HTTP/1.0', got "
                    + ConfigText.quote(httpchk));
        }
        String method = m.group(1) == null ? DEFAULT.method() : m.group(1).toUpperCase(Locale.ROOT);
        return new HealthCheck(method, m.group(2), DEFAULT.intervalSeconds(), DEFAULT.fall(), DEFAULT.rise());
    }
}
