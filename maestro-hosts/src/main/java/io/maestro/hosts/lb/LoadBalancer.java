package io.maestro.hosts.lb;

import io.maestro.hosts.exec.HostExecutor;
import io.maestro.plan.lb.LoadBalancerSpec;
import io.maestro.plan.lb.haproxy.HaproxyRenderer;
import io.maestro.plan.lb.nginx.NginxOptions;
import io.maestro.plan.lb.nginx.NginxRenderer;

/**
 * A load balancer on one host: renders a {@link LoadBalancerSpec} for its engine and applies it
 * through the matching {@link ProxyRuntime}.
 *
 * <pre>{@code
 * LoadBalancer lb = LoadBalancer.on(executor, spec.engine(), spec.files(), NginxOptions.DEBIAN);
 * lb.apply(spec);   // validate, swap, reload; InvalidLoadBalancerConfigException keeps the old one
 * }</pre>
 */
public final class LoadBalancer {

    private final ProxyRuntime runtime;
    private final NginxOptions nginxOptions;

    private LoadBalancer(ProxyRuntime runtime, NginxOptions nginxOptions) {
        this.runtime = runtime;
        this.nginxOptions = nginxOptions;
    }

    public static LoadBalancer on(HostExecutor host, LoadBalancerSpec.Engine engine,
            io.maestro.plan.lb.LoadBalancerFiles files, NginxOptions nginxOptions) {
        ProxyRuntime runtime = switch (engine) {
            case NGINX -> new NginxRuntime(host, files, "nginx");
            case HAPROXY -> new HaproxyRuntime(host, files, "haproxy");
        };
        return new LoadBalancer(runtime, nginxOptions);
    }

    /** The configuration text {@link #apply} would install. */
    public String render(LoadBalancerSpec spec) {
        return switch (spec.engine()) {
            case NGINX -> NginxRenderer.render(spec, nginxOptions);
            case HAPROXY -> HaproxyRenderer.render(spec);
        };
    }

    public void apply(LoadBalancerSpec spec) {
        runtime.apply(render(spec));
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    public void stop() {
        runtime.stop();
    }
}
