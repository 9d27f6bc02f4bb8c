package io.maestro.server.metrics;

import io.javalin.Javalin;
import io.maestro.server.Access;
import io.maestro.server.RouteGroup;

/**
 * {@code GET /metrics}: the Prometheus scrape endpoint. Like the API it needs a bearer token (any
 * role; a viewer token is enough), so a scrape config carries one:
 * {@code authorization: {credentials_file: /etc/prometheus/maestro.token}}.
 */
public final class MetricsRoutes implements RouteGroup {

    /** Where Prometheus scrapes. */
    public static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final ServerMetrics metrics;

    public MetricsRoutes(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** Whether a request path is the scrape endpoint (authenticated by bearer token, errors as JSON). */
    public static boolean isMetricsPath(String path) {
        return PATH.equals(path);
    }

    @Override
    public void register(Javalin app) {
        app.get(PATH, ctx -> ctx.contentType(CONTENT_TYPE).result(metrics.scrape()), Access.VIEWER);
    }

    @Override
    public String openApiFragment() {
        return "metrics.json";
    }
}
