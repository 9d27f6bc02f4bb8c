package io.maestro.server.build;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.LocalExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** A real git repository in a temporary folder (file:// URL) holding a FROM-scratch busybox image. */
public final class TestRepository {

    /** A Dockerfile with no RUN step: busybox and a file. */
    public static final String DOCKERFILE = """
            FROM scratch
            COPY busybox /bin/busybox
            COPY greeting.txt /greeting.txt
            ENV GREETING="$GREETING"
            """;

    private final Path directory;
    private final LocalExecutor executor = new LocalExecutor();

    private TestRepository(Path directory) {
        this.directory = directory;
    }

    /** A repository on branch {@code main} with busybox, greeting.txt and {@code dockerfile}. */
    public static TestRepository withImage(Path directory, String dockerfile) {
        TestRepository repository = new TestRepository(directory);
        try {
            Files.createDirectories(directory);
            Files.copy(Path.of("/bin/busybox"), directory.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        repository.git("init", "--quiet", "--initial-branch", "main");
        return repository.write("greeting.txt", "hello from git\n").write("Dockerfile", dockerfile);
    }

    public String url() {
        return directory.toUri().toString();
    }

    public TestRepository write(String path, String content) {
        try {
            Path file = directory.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits everything; returns the commit's full hash. */
    public String commit(String message) {
        git("add", "--all");
        git("-c", "user.name=Maestro Test", "-c", "user.email=test@maestro.invalid", "commit", "--quiet", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }

    private String git(String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", directory.toString()));
        argv.addAll(List.of(args));
        return executor.run(Command.of(argv)).requireSuccess().stdout();
    }
}
