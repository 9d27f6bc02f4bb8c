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
 * Clones a repository at a branch, a tag or an exact commit with the real {@code git} (argv,
 * never a shell line) and resolves the exact commit it built, so the image is tagged with what
 * was built even when the branch moves during the build.
 *
 * <p>A ref that is a full commit hash (40 or 64 hex digits, as push webhooks send) is fetched
 * by hash: a shallow fetch of that one commit when the server allows it (git's protocol v2
 * does), else a full clone followed by a checkout of the commit. Anything else is a branch or
 * tag name, cloned shallow.
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
     * Clones {@code source}'s ref (a branch or tag shallow; a full commit hash exactly) into
     * {@code directory}, which must not exist or be empty.
     */
    public Checkout checkout(BuildSource source, Path directory) {
        if (Files.exists(directory) && !isEmptyDirectory(directory)) {
            throw new BuildException("cannot clone into " + directory + ": expected an empty directory");
        }
        if (COMMIT.matcher(source.gitBranch()).matches()) {
            return checkoutCommit(source, directory);
        }
        List<String> clone = protocolPolicy();
        clone.addAll(List.of("clone", "--quiet", "--depth", "1", "--single-branch", "--no-tags",
                "--branch", source.gitBranch(), "--", source.gitUrl(), directory.toString()));
        ExecResult cloned = git(clone.toArray(String[]::new));
        if (!cloned.succeeded()) {
            throw new BuildException("git clone of " + source.gitUrl() + " (branch " + source.gitBranch()
                    + ") failed: " + cloned.stderr().strip()
                    + " (check git_url and git_branch, and that the branch exists)");
        }
        return new Checkout(directory, head(directory));
    }

    /** A commit by hash: one shallow fetch of it, or when the server refuses that, a full clone and a checkout. */
    private Checkout checkoutCommit(BuildSource source, Path directory) {
        String commit = source.gitBranch();
        String target = directory.toString();
        git("init", "--quiet", target).requireSuccess();
        git("-C", target, "remote", "add", "origin", "--", source.gitUrl()).requireSuccess();
        List<String> fetch = new ArrayList<>(List.of("-C", target));
        fetch.addAll(protocolPolicy());
        fetch.addAll(List.of("fetch", "--quiet", "--depth", "1", "--no-tags", "origin", commit));
        if (!git(fetch.toArray(String[]::new)).succeeded()) {
            List<String> full = new ArrayList<>(List.of("-C", target));
            full.addAll(protocolPolicy());
            full.addAll(List.of("fetch", "--quiet", "--no-tags", "origin"));
            ExecResult fetched = git(full.toArray(String[]::new));
            if (!fetched.succeeded()) {
                throw new BuildException("git fetch of " + source.gitUrl() + " failed: " + fetched.stderr().strip()
                        + " (check git_url)");
            }
        }
        ExecResult checkedOut = git("-C", target, "checkout", "--quiet", "--detach", commit);
        if (!checkedOut.succeeded()) {
            throw new BuildException("commit " + commit + " is not in " + source.gitUrl() + ": " + checkedOut.stderr().strip()
                    + " (push it first, or give a branch or tag)");
        }
        String built = head(directory);
        if (!built.equals(commit)) {
            throw new BuildException("git checked out " + built + " instead of commit " + commit + " in " + directory);
        }
        return new Checkout(directory, built);
    }

    /** git's own protocol policy does the checking, so every URL form (scp-like too) is covered. */
    private List<String> protocolPolicy() {
        List<String> policy = new ArrayList<>(List.of("-c", "protocol.allow=never"));
        for (String protocol : new TreeSet<>(protocols)) {
            policy.addAll(List.of("-c", "protocol." + protocol + ".allow=always"));
        }
        return policy;
    }

    private String head(Path directory) {
        String commit = git("-C", directory.toString(), "rev-parse", "HEAD").requireSuccess().stdout().strip();
        if (!COMMIT.matcher(commit).matches()) {
            throw new BuildException("git rev-parse HEAD in " + directory + ": expected a commit hash, found '" + commit + "'");
        }
        return commit;
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
