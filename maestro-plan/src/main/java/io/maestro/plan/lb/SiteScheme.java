package io.maestro.plan.lb;

/** What a web listener speaks to clients. */
public enum SiteScheme {
    HTTP, HTTPS;

    public int defaultPort() {
        return this == HTTP ? 80 : 443;
    }

    public String scheme() {
        return this == HTTP ? "http" : "https";
    }
}
