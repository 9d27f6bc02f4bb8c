package io.maestro.plan.lb;

import java.util.regex.Pattern;

/**
 * Where the running proxy keeps its files, all under one prefix directory Maestro owns (never
 * {@code /etc/nginx}). The custom folders belong to the user: Maestro creates them, includes every
 * {@code *.conf} (nginx) or file (HAProxy) in them at fixed points, and never writes into them.
 *
 * <pre>
 * PREFIX/nginx.conf | haproxy.cfg   generated, replaced atomically
 * PREFIX/custom/http.d/*.conf       nginx: included inside http {}
 * PREFIX/custom/server.d/*.conf     nginx: included inside every server {}
 * PREFIX/custom/stream.d/*.conf     nginx: included inside stream {}
 * PREFIX/custom/haproxy.d/          HAProxy: loaded after the generated file (-f DIR)
 * PREFIX/acme/.well-known/acme-challenge/TOKEN   ACME HTTP-01 answers
 * PREFIX/certs/                     certificates and keys (0600)
 * PREFIX/run/                       pid file, HAProxy's admin socket
 * PREFIX/logs/  PREFIX/tmp/
 * </pre>
 *
 * @param prefix absolute directory
 */
public record LoadBalancerFiles(String prefix) {

    private static final Pattern ABSOLUTE = Pattern.compile("/[A-Za-z0-9._/+-]*");

    public LoadBalancerFiles {
        absolute(prefix, "load balancer prefix directory");
        if (prefix.length() > 1 && prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
    }

    /** Checks a file path that goes into a configuration: absolute, no characters with a meaning there. */
    static String absolute(String path, String what) {
        if (path == null || !ABSOLUTE.matcher(path).matches() || path.contains("/../")) {
            throw new LoadBalancerConfigException("expected an absolute " + what + " of letters, digits, '.', '_', '+', '-' "
                    + "and '/', got " + ConfigText.quote(path));
        }
        return path;
    }

    public String file(String relative) {
        return prefix + "/" + relative;
    }

    public String nginxConf() {
        return file("nginx.conf");
    }

    public String haproxyConf() {
        return file("haproxy.cfg");
    }

    public String customHttpDir() {
        return file("custom/http.d");
    }

    public String customServerDir() {
        return file("custom/server.d");
    }

    public String customStreamDir() {
        return file("custom/stream.d");
    }

    public String customHaproxyDir() {
        return file("custom/haproxy.d");
    }

    /** The folder nginx serves {@code /.well-known/acme-challenge/} from (it holds {@code .well-known/...}). */
    public String acmeWebroot() {
        return file("acme");
    }

    public String acmeChallengeDir() {
        return file("acme/.well-known/acme-challenge");
    }

    public String certsDir() {
        return file("certs");
    }

    public String pidFile() {
        return file("run/lb.pid");
    }

    public String adminSocket() {
        return file("run/admin.sock");
    }

    public String logsDir() {
        return file("logs");
    }

    public String tempDir() {
        return file("tmp");
    }
}
