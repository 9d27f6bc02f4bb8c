package io.maestro.local;

import io.maestro.hosts.exec.HostExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Prepares podman on this host for Maestro without touching /etc: writes
 * {@code <dataDir>/containers.conf} and builds the pods' infra ("pause") image locally.
 *
 * <p>Why each setting: crun fails on these hybrid-cgroup hosts, so {@code runtime = "runc"};
 * podman's default ulimits exceed what runc may set here, so {@code default_ulimits} are explicit;
 * without systemd, {@code cgroupfs} and a file events log; podman's own pause image needs
 * {@code catatonit} (often not installed) or a registry, so the infra image is built FROM scratch
 * with busybox, and its process exits on SIGTERM so a pod stops at once instead of after its
 * stop timeout.
 */
final class PodmanSetup {

    static final String PAUSE_IMAGE = "localhost/maestro-pause:1";

    static final String PAUSE_CONTAINERFILE = """
            FROM scratch
            COPY busybox /bin/busybox
            ENTRYPOINT ["/bin/busybox", "sh", "-c", "trap 'exit 0' TERM INT; while true; do /bin/busybox sleep 3600 & wait $!; done"]
            """;

    private PodmanSetup() {}

    static String containersConf() {
        return """
                # Written by Maestro; podman reads it through CONTAINERS_CONF. /etc/containers is left alone.
                [containers]
                default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]

                [engine]
                runtime = "runc"
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                infra_image = "%s"
                """.formatted(PAUSE_IMAGE);
    }

    /** Writes the configuration, checks podman answers with it, and builds the pause image when missing. */
    static Podman prepare(HostExecutor executor, Path dataDir) {
        Path conf = dataDir.resolve("containers.conf");
        executor.writeFile(conf.toString(), containersConf().getBytes(StandardCharsets.UTF_8), 0644);
        Podman podman = new Podman(executor, conf.toString());
        var info = podman.tryRun(List.of("info", "--format", "{{.Host.OCIRuntime.Name}}"));
        if (!info.succeeded()) {
            throw new LocalException("podman does not work on " + executor.host() + " with " + conf + ":\n  "
                    + info.stderr().strip() + "\n(hint: install podman and runc: apt-get install podman runc)");
        }
        ImageBuilder images = new ImageBuilder(podman);
        if (!images.exists(PAUSE_IMAGE)) {
            images.buildFromText(PAUSE_CONTAINERFILE, PAUSE_IMAGE);
        }
        return podman;
    }
}
