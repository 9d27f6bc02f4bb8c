package io.maestro.hosts.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs commands on this machine as child processes (no shell in between). */
public final class LocalExecutor implements HostExecutor {

    @Override
    public String host() {
        return "local";
    }

    @Override
    public ExecResult run(Command command) {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().putAll(command.environment());
        command.workingDirectory().ifPresent(dir -> builder.directory(Path.of(dir).toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new HostException(host(), "cannot start '" + command.display() + "': " + e.getMessage(), e);
        }
        // Both streams are drained concurrently: a full pipe would otherwise block the child forever.
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (command.stdin().isPresent()) {
                in.write(command.stdin().get());
            }
        } catch (IOException e) {
            // The program closed its input early; its exit code tells the rest.
        }
        try {
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new HostException(host(), "'" + command.display() + "' did not finish within "
                        + command.timeout().toSeconds() + " s and was killed");
            }
            return new ExecResult(host(), command, process.exitValue(), text(stdout), text(stderr),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HostException(host(), "interrupted while running '" + command.display() + "'", e);
        }
    }

    /** Streams stdout and stderr line by line; the kill action kills the process and its descendants. */
    @Override
    public ExecResult run(Command command, CommandWatcher watcher) {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.environment().putAll(command.environment());
        command.workingDirectory().ifPresent(dir -> builder.directory(Path.of(dir).toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new HostException(host(), "cannot start '" + command.display() + "': " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> stdout = drainLines(process.getInputStream(), watcher);
        CompletableFuture<byte[]> stderr = drainLines(process.getErrorStream(), watcher);
        try (OutputStream in = process.getOutputStream()) {
            if (command.stdin().isPresent()) {
                in.write(command.stdin().get());
            }
        } catch (IOException e) {
            // The program closed its input early; its exit code tells the rest.
        }
        watcher.started(() -> kill(process));
        try {
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new HostException(host(), "'" + command.display() + "' did not finish within "
                        + command.timeout().toSeconds() + " s and was killed");
            }
            return new ExecResult(host(), command, process.exitValue(), text(stdout), text(stderr),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new HostException(host(), "interrupted while running '" + command.display() + "'", e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Keeps the whole output and hands each line to the watcher (calls serialized on the watcher). */
    private static CompletableFuture<byte[]> drainLines(InputStream stream, CommandWatcher watcher) {
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (stream) {
                byte[] chunk = new byte[8192];
                int read;
                while ((read = stream.read(chunk)) >= 0) {
                    buffer.write(chunk, 0, read);
                    for (int i = 0; i < read; i++) {
                        if (chunk[i] == '\n') {
                            emit(watcher, line);
                        } else {
                            line.write(chunk[i]);
                        }
                    }
                }
                if (line.size() > 0) {
                    emit(watcher, line);
                }
                future.complete(buffer.toByteArray());
            } catch (IOException e) {
                future.complete(buffer.toByteArray()); // killed: the exit status says what happened
            }
        });
        return future;
    }

    private static void emit(CommandWatcher watcher, ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        synchronized (watcher) {
            watcher.line(text);
        }
    }

    @Override
    public void writeFile(String path, byte[] content, int mode) {
        Path target = Path.of(path).toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.setPosixFilePermissions(temp, permissions(mode));
                Files.write(temp, content);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new HostException(host(), "cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        try {
            return Optional.of(Files.readAllBytes(Path.of(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new HostException(host(), "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Nothing to release: every process is waited for in run().
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                result.add(order[bit]);
            }
        }
        return result;
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> future = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                future.complete(buffer.toByteArray());
            } catch (IOException e) {
                future.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return future;
    }

    private static String text(CompletableFuture<byte[]> output) throws InterruptedException {
        try {
            return new String(output.get(), StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            return "(output unreadable: " + e.getCause().getMessage() + ")";
        }
    }
}
