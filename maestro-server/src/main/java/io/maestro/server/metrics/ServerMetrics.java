package io.maestro.server.metrics;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.maestro.server.deploy.DeploymentService;
import java.util.function.ToDoubleFunction;

/**
 * The control plane's Prometheus metrics: the JVM and process, every HTTP request (method, matched
 * route template, status: never the raw path, so application names cannot explode the series),
 * and the deploy engine's load. Scraped at {@code GET /metrics} ({@link MetricsRoutes}).
 *
 * <pre>{@code
 * ServerMetrics metrics = ServerMetrics.create();
 * metrics.instrument(app);                  // times every request
 * metrics.watch(deployments);               // slots, running and waiting deployments
 * String text = metrics.scrape();           // Prometheus text format
 * }</pre>
 */
public final class ServerMetrics implements AutoCloseable {

    private static final String STARTED = "maestro.metrics.started";
    /** The route label of a request no route matched (a 404, or a dashboard redirect). */
    static final String UNMATCHED = "unmatched";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    private ServerMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** A registry with the JVM, process and uptime meters bound. */
    public static ServerMetrics create() {
        ServerMetrics metrics = new ServerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        new ClassLoaderMetrics().bindTo(metrics.registry);
        new JvmMemoryMetrics().bindTo(metrics.registry);
        metrics.gc.bindTo(metrics.registry);
        new JvmThreadMetrics().bindTo(metrics.registry);
        new ProcessorMetrics().bindTo(metrics.registry);
        new UptimeMetrics().bindTo(metrics.registry);
        return metrics;
    }

    /** Times every request of {@code app} as {@code http_server_requests_seconds{method, route, status}}. */
    public void instrument(Javalin app) {
        app.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        app.after(this::record);
    }

    private void record(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        String route = ctx.endpointHandlerPath();
        Timer.builder("http.server.requests")
                .description("HTTP requests answered by the control plane")
                .tag("method", ctx.method().name())
                .tag("route", route == null || route.isEmpty() || route.equals("*") ? UNMATCHED : route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The deploy engine's gauges: its slots, the deployments running in them and those waiting for one. */
    public void watch(DeploymentService deployments) {
        gauge("maestro.deployments.slots", "deployments this control plane runs at once (--max-deployments)",
                deployments, DeploymentService::maxConcurrentDeployments);
        gauge("maestro.deployments.running", "deployments running in this control plane", deployments,
                DeploymentService::runningDeployments);
        gauge("maestro.deployments.waiting", "application environments with queued deployments waiting for a free slot",
                deployments, DeploymentService::waitingForSlot);
    }

    private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).strongReference(true).register(registry);
    }

    /** The registry, for other parts of the control plane to add their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format (0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
