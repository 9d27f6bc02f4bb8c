package io.maestro.buildgrid.testing;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.LocalExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** A real git repository in a temporary folder, for builds to clone (file:// URL). */
public final class GitRepository {

    /** Debian's busybox-static: one static binary that is the whole userland of the test images. */
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private final Path directory;
    private final LocalExecutor executor = new LocalExecutor();

    private GitRepository(Path directory) {
        this.directory = directory;
    }

    /** An empty repository on branch {@code main}. */
    public static GitRepository init(Path directory) {
        GitRepository repository = new GitRepository(directory);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        repository.git("init", "--quiet", "--initial-branch", "main");
        return repository;
    }

    public String url() {
        return directory.toUri().toString();
    }

    public Path directory() {
        return directory;
    }

    public GitRepository write(String path, String content) {
        try {
            Path file = directory.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies /bin/busybox to {@code path} in the repository. */
    public GitRepository withBusybox(String path) {
        try {
            Path file = directory.resolve(path);
            Files.createDirectories(file.getParent());
            Files.copy(BUSYBOX, file, StandardCopyOption.REPLACE_EXISTING);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits everything; returns the new commit's full hash. */
    public String commit(String message) {
        git("add", "--all");
        git("-c", "user.name=Maestro Test", "-c", "user.email=test@maestro.invalid", "commit", "--quiet", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }

    /** Tags the current commit (a lightweight tag). */
    public GitRepository tag(String name) {
        git("tag", name);
        return this;
    }

    /** Creates branch {@code name} at {@code commit}. */
    public GitRepository branch(String name, String commit) {
        git("branch", name, commit);
        return this;
    }

    /** Deletes branch {@code name}. */
    public GitRepository deleteBranch(String name) {
        git("branch", "-D", name);
        return this;
    }

    /**
     * Adds {@code count} commits on top of {@code main} in one {@code git fast-import} (each with
     * the same tree and its own message): many commits in well under a second.
     */
    public GitRepository fastImportCommits(int count) {
        String parent = git("rev-parse", "main").strip();
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String message = "bulk " + i + "\n";
            stream.append("commit refs/heads/main\n")
                    .append("committer Maestro Test <test@maestro.invalid> ").append(1_700_000_000 + i).append(" +0000\n")
                    .append("data ").append(message.length()).append("\n").append(message);
            if (i == 0) {
                stream.append("from ").append(parent).append("\n");
            }
            stream.append("\n");
        }
        List<String> argv = new ArrayList<>(List.of("git", "-C", directory.toString(), "fast-import", "--quiet"));
        executor.run(Command.of(argv).withStdin(stream.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .requireSuccess();
        return this;
    }

    private String git(String... args) {
        List<String> argv = new ArrayList<>(List.of("git", "-C", directory.toString()));
        argv.addAll(List.of(args));
        return executor.run(Command.of(argv)).requireSuccess().stdout();
    }
}
