package io.maestro.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds images on this host with {@code podman build --isolation=chroot} (RUN steps work without
 * a user namespace or crun), tagged locally: the local target needs no registry.
 *
 * <p>Images FROM scratch get busybox: when the context has no {@code busybox} file, the host's
 * static {@code /bin/busybox} (Debian {@code busybox-static}) is copied into a temporary copy of
 * the context, so a Containerfile says {@code COPY busybox /bin/busybox}.
 *
 * <p>A build is skipped when an image with the tag already carries the label
 * {@code maestro.io/context} with the hash of the context's files: a second {@code up} is fast.
 *
 * <pre>{@code
 * ImageBuilder builder = runtime.images();
 * boolean built = builder.build(Path.of("examples/hello/images/web"), "localhost/hello-web:1");
 * }</pre>
 */
public final class ImageBuilder {

    static final String CONTEXT_LABEL = "maestro.io/context";
    static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    private final Podman podman;

    ImageBuilder(Podman podman) {
        this.podman = podman;
    }

    /**
     * Builds {@code contextDir} (with its {@code Containerfile} or {@code Dockerfile}) as {@code tag}.
     *
     * @return true when an image was built, false when the tag was already built from the same files
     * @throws LocalException when the folder has no Containerfile, or the build fails (with its output)
     */
    public boolean build(Path contextDir, String tag) {
        Path file = containerfile(contextDir);
        String hash = hash(contextDir);
        var existing = podman.tryRun(List.of("image", "inspect", "--format",
                "{{index .Labels \"" + CONTEXT_LABEL + "\"}}", tag));
        if (existing.succeeded() && existing.stdout().strip().equals(hash)) {
            return false;
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory("maestro-build-");
            copyTree(contextDir, temp);
            if (!Files.exists(temp.resolve("busybox")) && Files.isRegularFile(HOST_BUSYBOX)) {
                Files.copy(HOST_BUSYBOX, temp.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            }
            var result = podman.tryRun(List.of("build", "--isolation=chroot", "--layers=false",
                    "--label", CONTEXT_LABEL + "=" + hash, "-t", tag,
                    "-f", temp.resolve(file.getFileName()).toString(), temp.toString()));
            if (!result.succeeded()) {
                throw new LocalException("building image " + tag + " from " + contextDir + " failed:\n"
                        + tail(result.stdout() + result.stderr())
                        + "\n(hint: an image FROM scratch needs `COPY busybox /bin/busybox`; install busybox-static)");
            }
            return true;
        } catch (IOException e) {
            throw new LocalException("cannot prepare the build context of " + tag + " from " + contextDir + ": "
                    + e.getMessage(), e);
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    /**
     * Builds the images of an application laid out as {@code examples/hello} is: for every service
     * whose folder {@code imagesDir/<service>} holds a Containerfile, builds it tagged with the
     * service's {@code image}. Services without such a folder are skipped (their image is pulled
     * or already present).
     *
     * @return per built-or-checked service, whether an image was built (false: unchanged)
     */
    public java.util.Map<String, Boolean> buildServiceImages(io.maestro.model.AppDefinition definition, Path imagesDir) {
        java.util.Map<String, Boolean> built = new java.util.LinkedHashMap<>();
        for (var service : definition.services().services().values()) {
            Path dir = imagesDir.resolve(service.name());
            if (service.optionalImage().isPresent() && (Files.isRegularFile(dir.resolve("Containerfile"))
                    || Files.isRegularFile(dir.resolve("Dockerfile")))) {
                built.put(service.name(), build(dir, service.optionalImage().get()));
            }
        }
        return built;
    }

    /** Builds {@code text} as the Containerfile of an otherwise empty context (plus busybox). */
    boolean buildFromText(String text, String tag) {
        Path temp = null;
        try {
            temp = Files.createTempDirectory("maestro-image-");
            Files.writeString(temp.resolve("Containerfile"), text);
            return build(temp, tag);
        } catch (IOException e) {
            throw new LocalException("cannot write a build context for " + tag + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    /** Whether the image exists locally. */
    public boolean exists(String tag) {
        return podman.tryRun(List.of("image", "exists", tag)).succeeded();
    }

    private static Path containerfile(Path contextDir) {
        for (String name : List.of("Containerfile", "Dockerfile")) {
            if (Files.isRegularFile(contextDir.resolve(name))) {
                return contextDir.resolve(name);
            }
        }
        throw new LocalException("expected a Containerfile or Dockerfile in " + contextDir + ", found none");
    }

    static String hash(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList()) {
                sha.update(dir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(file));
                sha.update(Files.isExecutable(file) ? (byte) 1 : (byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(from)) {
            paths = walk.toList();
        }
        for (Path path : paths) {
            Path target = to.resolve(from.relativize(path).toString());
            if (Files.isDirectory(path)) {
                Files.createDirectories(target);
            } else {
                Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.toList());
            paths.sort(Comparator.reverseOrder());
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }

    private static String tail(String output) {
        String[] lines = output.strip().split("\n");
        int from = Math.max(0, lines.length - 15);
        return "  " + String.join("\n  ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
