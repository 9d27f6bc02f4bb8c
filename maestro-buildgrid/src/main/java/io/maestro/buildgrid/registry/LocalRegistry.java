package io.maestro.buildgrid.registry;

import io.maestro.buildgrid.BuildException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CNCF distribution registry from Debian's {@code docker-registry} package, started on
 * 127.0.0.1 on a free port with its own generated config and storage folder. This is the
 * registry BuildGrid pushes to on one machine; it is reachable from this host only.
 */
public final class LocalRegistry implements AutoCloseable {

    /** The program Debian's docker-registry package installs. */
    public static final String PROGRAM = "/usr/bin/docker-registry";

    private final Process process;
    private final int port;
    private final Path directory;

    private LocalRegistry(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    /**
     * Starts a registry storing its blobs under {@code directory/storage}, with its config in
     * {@code directory/config.yml} and its log in {@code directory/registry.log}; returns once it
     * answers {@code GET /v2/}. It listens on the port of its previous start in this directory
     * (recorded in {@code directory/port}) when that port is free, so image names stay valid.
     */
    public static LocalRegistry start(Path directory, Duration startTimeout) {
        if (!Files.isExecutable(Path.of(PROGRAM))) {
            throw new BuildException("the local registry needs " + PROGRAM + ": install Debian's docker-registry package");
        }
        try {
            Files.createDirectories(directory.resolve("storage"));
            // The port of the previous start when it is still free: image names pushed then stay valid.
            Path portFile = directory.resolve("port");
            int port = previousPort(portFile).orElseGet(LocalRegistry::freePortUnchecked);
            Path config = directory.resolve("config.yml");
            Files.writeString(config, config(directory.resolve("storage").toAbsolutePath(), port));
            Path log = directory.resolve("registry.log");
            Process process = new ProcessBuilder(List.of(PROGRAM, "serve", config.toAbsolutePath().toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            LocalRegistry registry = new LocalRegistry(process, port, directory);
            registry.awaitReady(startTimeout, log);
            Files.writeString(portFile, port + "\n");
            return registry;
        } catch (IOException e) {
            throw new BuildException("cannot start the local registry in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:PORT}, the registry part of image names pushed here. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return directory;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the registry (TERM, then KILL after 10 s); the storage folder stays. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String config(Path storage, int port) {
        // http.secret is only used for upload state between instances; one instance needs no shared one.
        return """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                  cache:
                    blobdescriptor: inmemory
                http:
                  addr: 127.0.0.1:%d
                  headers:
                    X-Content-Type-Options: [nosniff]
                """.formatted(storage, port);
    }

    private void awaitReady(Duration timeout, Path log) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new BuildException("the local registry exited at start (code " + process.exitValue() + "); see " + log);
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new BuildException("interrupted while waiting for the local registry");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new BuildException("interrupted while waiting for the local registry");
            }
        }
        close();
        throw new BuildException("the local registry did not answer on " + address() + " within "
                + timeout.toSeconds() + " s; see " + log);
    }

    private static java.util.Optional<Integer> previousPort(Path portFile) {
        try {
            int port = Integer.parseInt(Files.readString(portFile).strip());
            return io.maestro.hosts.net.FreePorts.tcpFree(port) ? java.util.Optional.of(port) : java.util.Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty(); // none recorded
        }
    }

    private static int freePortUnchecked() {
        return io.maestro.hosts.net.FreePorts.loopback();
    }
}
