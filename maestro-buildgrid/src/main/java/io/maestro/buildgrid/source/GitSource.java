package io.maestro.buildgrid.source;

import io.maestro.buildgrid.BuildException;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /** Transports a user's git_url may use: never {@code ext::} (runs commands) or local paths on the build server. */
    public static final Set<String> NETWORK_PROTOCOLS = Set.of("https", "http", "ssh", "git");

    private final HostExecutor executor;
    private final Duration timeout;
    private final Set<String> protocols;

    /** A git source that clones over the network transports only ({@link #NETWORK_PROTOCOLS}). */
    public GitSource(HostExecutor executor, Duration timeout) {
        this(executor, timeout, NETWORK_PROTOCOLS);
    }

    private GitSource(HostExecutor executor, Duration timeout, Set<String> protocols) {
        this.executor = executor;
        this.timeout = timeout;
        this.protocols = Set.copyOf(protocols);
    }

    /**
     * The same source also allowed to clone {@code file://} repositories of this machine: for
     * tests, benchmarks and a one-machine setup, never for git_url values of other users.
     */
    public GitSource allowingLocalRepositories() {
        Set<String> withFile = new TreeSet<>(protocols);
        withFile.add("file");
        return new GitSource(executor, timeout, withFile);
    }

    /**
     * Clones {@code source}'s branch (shallow, that branch only) into {@code directory}, which
     * must not exist or be empty.
     */
    public Checkout checkout(BuildSource source, Path directory) {
        if (Files.exists(directory) && !isEmptyDirectory(directory)) {
            throw new BuildException("cannot clone into " + directory + ": expected an empty directory");
        }
        List<String> clone = new ArrayList<>();
        // git's own protocol policy does the checking, so every URL form (scp-like too) is covered.
        clone.addAll(List.of("-c", "protocol.allow=never"));
        for (String protocol : new TreeSet<>(protocols)) {
            clone.addAll(List.of("-c", "protocol." + protocol + ".allow=always"));
        }
        clone.addAll(List.of("clone", "--quiet", "--depth", "1", "--single-branch", "--no-tags",
                "--branch", source.gitBranch(), "--", source.gitUrl(), directory.toString()));
        ExecResult cloned = git(clone.toArray(String[]::new));
        if (!cloned.succeeded()) {
            throw new BuildException("git clone of " + source.gitUrl() + " (branch " + source.gitBranch()
                    + ") failed: " + cloned.stderr().strip()
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
