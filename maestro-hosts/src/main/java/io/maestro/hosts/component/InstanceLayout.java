package io.maestro.hosts.component;

import io.maestro.model.service.DatabaseKind;

/**
 * Where one instance keeps its files on the host: {@code BASE/<kind>/<name>/} with {@code data/}
 * (the engine's data), {@code run/} (pid file, socket), {@code log/}, {@code conf/} (generated
 * configuration) and {@code credentials} (generated passwords, mode 0600, root only).
 */
public record InstanceLayout(String root) {

    public static InstanceLayout of(DatabaseKind kind, InstanceSpec spec) {
        String base = spec.baseDir().endsWith("/") ? spec.baseDir().substring(0, spec.baseDir().length() - 1) : spec.baseDir();
        return new InstanceLayout(base + "/" + kind.key() + "/" + spec.name());
    }

    public String data() {
        return root + "/data";
    }

    public String run() {
        return root + "/run";
    }

    public String log() {
        return root + "/log";
    }

    public String conf() {
        return root + "/conf";
    }

    public String credentials() {
        return root + "/credentials";
    }

    public String pidFile() {
        return run() + "/pid";
    }
}
