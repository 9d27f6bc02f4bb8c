package io.maestro.plan.lb.nginx;

import io.maestro.plan.lb.ConfigText;
import java.util.Optional;

/**
 * How the nginx binary on the host is set up, as opposed to what it serves.
 *
 * @param workerUser user the worker processes run as when the master runs as root ({@code www-data}
 *     on Debian); empty to leave nginx's default
 * @param streamModule the dynamic stream module to load for TCP/UDP listeners (Debian's
 *     {@code libnginx-mod-stream}); empty when nginx has it built in
 * @param workerConnections connections per worker
 */
public record NginxOptions(Optional<String> workerUser, Optional<String> streamModule, int workerConnections) {

    public static final String DEBIAN_STREAM_MODULE = "/usr/lib/nginx/modules/ngx_stream_module.so";

    public static final NginxOptions DEBIAN =
            new NginxOptions(Optional.of("www-data"), Optional.of(DEBIAN_STREAM_MODULE), 4096);

    public NginxOptions {
        workerUser.ifPresent(ConfigText::name);
        streamModule.ifPresent(m -> {
            if (!ConfigText.isInert(m) || !m.startsWith("/")) {
                throw new io.maestro.plan.lb.LoadBalancerConfigException("expected an absolute module path, got "
                        + ConfigText.quote(m));
            }
        });
    }

    public NginxOptions withWorkerUser(String user) {
        return new NginxOptions(Optional.of(user), streamModule, workerConnections);
    }
}
