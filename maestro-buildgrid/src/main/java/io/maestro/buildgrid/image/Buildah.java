package io.maestro.buildgrid.image;

import io.maestro.buildgrid.BuildException;
import io.maestro.buildgrid.Cancellation;
import io.maestro.buildgrid.LogListener;
import io.maestro.buildgrid.ProcessRunner;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code buildah} commands BuildGrid uses, each one argv. Builds run with
 * {@code --isolation chroot} (the only isolation that runs {@code RUN} steps on these machines)
 * and {@code --layers}, so unchanged steps come from the layer cache in the storage root.
 *
 * @param storageRoot buildah's {@code --root} (images and the layer cache); the system's when empty
 * @param runRoot buildah's {@code --runroot}; the system's when empty
 */
public record Buildah(Optional<Path> storageRoot, Optional<Path> runRoot) {

    /** Buildah with the machine's default storage. */
    public static Buildah system() {
        return new Buildah(Optional.empty(), Optional.empty());
    }

    /** Buildah with its own storage under {@code directory} (its layer cache lives there). */
    public static Buildah storedIn(Path directory) {
        return new Buildah(Optional.of(directory.resolve("root")), Optional.of(directory.resolve("run")));
    }

    /** {@code buildah bud}: builds {@code context} with {@code dockerfile}, tagged {@code image}. */
    public ExecResult bud(Path context, Path dockerfile, ImageRef image, Duration timeout,
            LogListener log, Cancellation cancellation) {
        return run(budArgs(context.toString(), dockerfile.toString(), image), timeout, log, cancellation);
    }

    /** The arguments of {@code buildah bud} (after the global options), also used on build servers. */
    public static List<String> budArgs(String context, String dockerfile, ImageRef image) {
        return List.of("bud", "--isolation", "chroot", "--layers", "--format", "oci",
                "-f", dockerfile, "-t", image.toString(), context);
    }

    /** {@code buildah push}; returns the pushed manifest's digest ({@code sha256:...}). */
    public String push(ImageRef image, Duration timeout, LogListener log, Cancellation cancellation) {
        return push(image, timeout, log, cancellation, Optional.empty());
    }

    /** {@code buildah push} with the registry credentials in {@code authFile} ({@code --authfile}, never argv). */
    public String push(ImageRef image, Duration timeout, LogListener log, Cancellation cancellation, Optional<Path> authFile) {
        Path digestFile;
        try {
            digestFile = Files.createTempFile("maestro-push-", ".digest");
        } catch (IOException e) {
            throw new BuildException("cannot create a temporary file for the push digest: " + e.getMessage(), e);
        }
        try {
            List<String> args = new ArrayList<>(List.of("push"));
            tlsFor(image, args);
            authFile.ifPresent(file -> args.addAll(List.of("--authfile", file.toString())));
            args.addAll(List.of("--digestfile", digestFile.toString(), image.toString(), "docker://" + image));
            ExecResult result = run(args, timeout, log, cancellation);
            if (!result.succeeded()) {
                throw new BuildException("push of " + image + " failed (exit " + result.exitCode() + "):\n  "
                        + tail(result.stdout()) + "\n(is the registry " + image.registry() + " reachable?)");
            }
            return Files.readString(digestFile).strip();
        } catch (IOException e) {
            throw new BuildException("cannot read the digest of " + image + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(digestFile);
            } catch (IOException e) {
                // A leftover temporary file is harmless.
            }
        }
    }

    /** {@code buildah pull} of an image from its registry into local storage. */
    public ExecResult pull(ImageRef image, Duration timeout, LogListener log, Cancellation cancellation) {
        return pull(image, timeout, log, cancellation, Optional.empty());
    }

    /** {@code buildah pull} with the registry credentials in {@code authFile}. */
    public ExecResult pull(ImageRef image, Duration timeout, LogListener log, Cancellation cancellation, Optional<Path> authFile) {
        List<String> args = new ArrayList<>(List.of("pull"));
        tlsFor(image, args);
        authFile.ifPresent(file -> args.addAll(List.of("--authfile", file.toString())));
        args.add("docker://" + image);
        return run(args, timeout, log, cancellation);
    }

    /** {@code buildah tag}: gives a local image a second name. */
    public ExecResult tag(ImageRef existing, ImageRef newName, Duration timeout, Cancellation cancellation) {
        return run(List.of("tag", existing.toString(), newName.toString()), timeout, LogListener.NONE, cancellation);
    }

    /** True when the image is in local storage. */
    public boolean exists(ImageRef image) {
        return run(List.of("inspect", "--type", "image", "--format", "{{.FromImageID}}", image.toString()),
                Duration.ofMinutes(1), LogListener.NONE, new Cancellation()).succeeded();
    }

    /** {@code buildah rmi}: removes a local image name (its layers stay while other images use them). */
    public ExecResult remove(ImageRef image) {
        return run(List.of("rmi", image.toString()), Duration.ofMinutes(1), LogListener.NONE, new Cancellation());
    }

    /** Removes every working container and image of this storage (tests and cache resets). */
    public void removeEverything() {
        run(List.of("rm", "--all"), Duration.ofMinutes(2), LogListener.NONE, new Cancellation());
        run(List.of("rmi", "--all", "--force"), Duration.ofMinutes(2), LogListener.NONE, new Cancellation());
    }

    /** The argv buildah runs for {@code args}, with this storage's global options. */
    public List<String> argv(List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add("buildah");
        storageRoot.ifPresent(root -> argv.addAll(List.of("--root", root.toString())));
        runRoot.ifPresent(run -> argv.addAll(List.of("--runroot", run.toString())));
        argv.addAll(args);
        return argv;
    }

    private ExecResult run(List<String> args, Duration timeout, LogListener log, Cancellation cancellation) {
        return ProcessRunner.run(Command.of(argv(args)).withTimeout(timeout), log, cancellation);
    }

    /** TLS is only ever turned off for a registry on this machine's loopback. */
    private static void tlsFor(ImageRef image, List<String> args) {
        if (image.isLoopbackRegistry()) {
            args.add("--tls-verify=false");
        }
    }

    static String tail(String output) {
        String[] lines = output.strip().split("\n");
        return String.join("\n  ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 15), lines.length));
    }
}
