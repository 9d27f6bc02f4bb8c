package io.maestro.model.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code load_balancer.configuration}.
 *
 * @param engine (extension) {@code nginx} (default) or {@code haproxy}
 * @param balance {@code roundrobin} (default), {@code leastconn} or {@code source}
 * @param httpchk health check request, e.g. {@code /healthz} or {@code HEAD / HTTP/1.0}
 * @param waitAfterAddingServers seconds
 * @param waitAfterRemovingServers seconds
 * @param errorFiles {@code errorfile_<code>} entries by HTTP status
 * @param statsUsername HAProxy stats user, or null
 * @param statsPassword HAProxy stats password, or null (a secret)
 */
public record LoadBalancerConfiguration(
        Engine engine,
        Balance balance,
        String httpchk,
        int waitAfterAddingServers,
        int waitAfterRemovingServers,
        Map<Integer, String> errorFiles,
        String statsUsername,
        String statsPassword) {

    public static final String DEFAULT_HTTPCHK = "HEAD / HTTP/1.0";

    public static final LoadBalancerConfiguration DEFAULTS =
            new LoadBalancerConfiguration(Engine.NGINX, Balance.ROUNDROBIN, DEFAULT_HTTPCHK, 0, 0, Map.of(), null, null);

    public LoadBalancerConfiguration {
        errorFiles = Collections.unmodifiableMap(new LinkedHashMap<>(errorFiles));
    }

    /** Which proxy runs on the load balancer server. */
    public enum Engine { NGINX, HAPROXY }

    /** How requests are spread over backends. */
    public enum Balance { ROUNDROBIN, LEASTCONN, SOURCE }
}
