package io.maestro.server.deploy;

import io.maestro.hosts.exec.ExecResult;
import io.maestro.local.Podman;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The local target's side of publishing: pulls built images from the local registry into podman,
 * and runs {@code build_command} / {@code deploy_command} as one-off containers
 * ({@code podman run --rm}) of the new image with the service's variables (passed in a 0600 env
 * file, never on the command line).
 */
final class LocalCommand {

    static final int LOG_TAIL = 20;

    private LocalCommand() {}

    /** Whether {@code image} lives in a registry on this host (Maestro's own, plain HTTP). */
    static boolean onLoopbackRegistry(String image) {
        return image.startsWith("127.0.0.1:") || image.startsWith("localhost:");
    }

    /** Pulls {@code image} into podman's storage (TLS is not verified only for this host's own registry). */
    static void pull(Podman podman, String image, Consumer<String> log) {
        List<String> args = new ArrayList<>(List.of("pull", "--quiet"));
        if (onLoopbackRegistry(image)) {
            args.add("--tls-verify=false");
        }
        args.add(image);
        ExecResult pulled = podman.tryRun(args);
        if (!pulled.succeeded()) {
            throw new DeployException(DeployException.Reason.CONFLICT, "podman pull " + image + " failed (exit "
                    + pulled.exitCode() + "): " + pulled.stderr().strip());
        }
        log.accept("pulled " + image);
    }

    /**
     * Runs {@code argv} in a one-off container of {@code image}; its output goes to {@code log}.
     *
     * @throws DeployException when it exits non-zero, with the last lines of its output
     */
    static void run(Podman podman, String name, String image, List<String> argv, Map<String, String> env, String what,
            Consumer<String> log) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("maestro-cmd", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path envFile = dir.resolve("env");
            StringBuilder text = new StringBuilder();
            env.forEach((key, value) -> {
                if (!value.contains("\n")) {
                    text.append(key).append('=').append(value).append('\n');
                }
            });
            Files.writeString(envFile, text);
            podman.tryRun(List.of("rm", "--force", "--ignore", name));   // left by an interrupted deployment
            List<String> args = new ArrayList<>(List.of("run", "--rm", "--name", name, "--network", "podman",
                    "--pull", "never", "--env-file", envFile.toString(), "--entrypoint", argv.get(0), image));
            args.addAll(argv.subList(1, argv.size()));
            log.accept(what + ": podman run " + image + " " + String.join(" ", argv));
            ExecResult result = podman.tryRun(args);
            List<String> lines = new ArrayList<>();
            result.stdout().lines().forEach(lines::add);
            result.stderr().lines().forEach(lines::add);
            lines.forEach(line -> log.accept(what + " | " + line));
            if (!result.succeeded()) {
                List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size());
                throw new DeployException(DeployException.Reason.CONFLICT, what + " exited with " + result.exitCode()
                        + (tail.isEmpty() ? " and printed nothing" : "; last lines of its output:\n" + String.join("\n", tail)));
            }
            log.accept(what + " succeeded");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the env file of " + what, e);
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve("env"));
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temp folder of 0600 files: nothing to do
                }
            }
        }
    }
}
