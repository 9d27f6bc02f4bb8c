package io.maestro.hosts.exec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where to connect: {@code user@host[:port]}, with {@code [v6-address]:port} for IPv6.
 *
 * <pre>{@code
 * SshTarget.parse("deploy@10.0.0.5:2222") // user deploy, host 10.0.0.5, port 2222
 * }</pre>
 */
public record SshTarget(String user, String host, int port) {

    public static final int DEFAULT_PORT = 22;

    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|[0-9A-Fa-f:.]+");
    private static final Pattern FORM = Pattern.compile("([^@]+)@(\\[([^\\]]+)\\]|[^:\\[\\]]+)(?::([0-9]{1,5}))?");

    public SshTarget {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("SSH user '" + user + "' is not a valid user name");
        }
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("SSH host '" + host + "' is not a host name or IP address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SSH port " + port + " is outside 1-65535");
        }
    }

    /** Parses {@code user@host[:port]}; the message of the exception says which part is wrong. */
    public static SshTarget parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected user@host[:port] (such as root@10.0.0.5 or deploy@db1:2222), found '"
                    + text + "'");
        }
        String host = m.group(3) != null ? m.group(3) : m.group(2);
        int port = m.group(4) == null ? DEFAULT_PORT : Integer.parseInt(m.group(4));
        return new SshTarget(m.group(1), host, port);
    }

    /** The name of the host in known_hosts: {@code host} on port 22, {@code [host]:port} otherwise. */
    public String knownHostsName() {
        return port == DEFAULT_PORT ? host : "[" + host + "]:" + port;
    }

    @Override
    public String toString() {
        return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + (port == DEFAULT_PORT ? "" : ":" + port);
    }
}
