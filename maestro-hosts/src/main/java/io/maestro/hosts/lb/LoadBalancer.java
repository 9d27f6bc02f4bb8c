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

    private final LoadBalancerSpec.Engine engine;
    private final ProxyRuntime runtime;
    private final NginxOptions nginxOptions;

    private LoadBalancer(LoadBalancerSpec.Engine engine, ProxyRuntime runtime, NginxOptions nginxOptions) {
        this.engine = engine;
        this.runtime = runtime;
        this.nginxOptions = nginxOptions;
    }

    public static LoadBalancer on(HostExecutor host, LoadBalancerSpec.Engine engine,
            io.maestro.plan.lb.LoadBalancerFiles files, NginxOptions nginxOptions) {
        ProxyRuntime runtime = switch (engine) {
            case NGINX -> new NginxRuntime(host, files, "nginx");
            case HAPROXY -> new HaproxyRuntime(host, files, "haproxy");
        };
        return new LoadBalancer(engine, runtime, nginxOptions);
    }

    /** The configuration text {@link #apply} would install. */
    public String render(LoadBalancerSpec spec) {
        return switch (spec.engine()) {
            case NGINX -> NginxRenderer.render(spec, nginxOptions);
            case HAPROXY -> HaproxyRenderer.render(spec);
        };
    }

    public void apply(LoadBalancerSpec spec) {
        if (spec.engine() != engine) {
            // Switching engines means stopping one proxy and starting the other on the same ports.
            throw new io.maestro.plan.lb.LoadBalancerConfigException("this load balancer runs " + runtime.engine()
                    + " but the configuration asks for " + spec.engine().name().toLowerCase()
                    + "; stop it and start a LoadBalancer for the new engine");
        }
        runtime.apply(render(spec));
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    public void stop() {
        runtime.stop();
    }
}
