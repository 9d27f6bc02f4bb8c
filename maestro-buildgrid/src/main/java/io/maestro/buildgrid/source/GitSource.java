package io.maestro.buildgrid.source;

import io.maestro.buildgrid.BuildException;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Clones a repository at a branch with the real {@code git} (argv, never a shell line) and
 * resolves the exact commit the branch points at, so the image is tagged with what was built
 * even when the branch moves during the build.
 */
public final class GitSource {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
    /** git must never stop to ask for a password: a build has nobody to answer. */
    private static final Map<String, String> NON_INTERACTIVE = Map.of("GIT_TERMINAL_PROMPT", "0",
            "GIT_ASKPASS", "/bin/true", "LC_ALL", "C");

    private final HostExecutor executor;
    private final Duration timeout;

    public GitSource(HostExecutor executor, Duration timeout) {
        this.executor = executor;
        this.timeout = timeout;
    }

    /**
     * Clones {@code source}'s branch (shallow, that branch only) into {@code directory}, which
     * must not exist or be empty.
     */
    public Checkout checkout(BuildSource source, Path directory) {
        if (Files.exists(directory) && !isEmptyDirectory(directory)) {
            throw new BuildException("cannot clone into " + directory + ": expected an empty directory");
        }
        ExecResult clone = git("clone", "--quiet", "--depth", "1", "--single-branch", "--no-tags",
                "--branch", source.gitBranch(), "--", source.gitUrl(), directory.toString());
        if (!clone.succeeded()) {
            throw new BuildException("git clone of " + source.gitUrl() + " (branch " + source.gitBranch()
                    + ") failed: " + clone.stderr().strip()
                    + " (check git_url and git_branch, and that the branch exists)");
        }
        String commit = git("-C", directory.toString(), "rev-parse", "HEAD").requireSuccess().stdout().strip();
        if (!COMMIT.matcher(commit).matches()) {
            throw new BuildException("git rev-parse HEAD in " + directory + ": expected a commit hash, found '" + commit + "'");
        }
        return new Checkout(directory, commit);
    }

    private ExecResult git(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "git";
        System.arraycopy(args, 0, argv, 1, args.length);
        return executor.run(Command.of(argv).withEnvironment(NON_INTERACTIVE).withTimeout(timeout));
    }

    private static boolean isEmptyDirectory(Path directory) {
        try (var entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
