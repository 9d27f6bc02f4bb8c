package io.maestro.buildgrid.source;

import io.maestro.buildgrid.BuildException;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Checks out a repository at a branch, a tag, a full or an abbreviated commit with the real
 * {@code git} (argv, never a shell line) and resolves the exact commit it built, so the image is
 * tagged with what was built even when the branch moves during the build.
 *
 * <p>Every repository URL has a bare mirror on the build host ({@link #withMirrors(Path)}: one
 * folder per URL, kept between builds; without it, a temporary one per checkout). A build fetches
 * only what it names into the mirror (one branch or tag; nothing at all for a full commit hash the
 * mirror already has), resolves the commit there, and writes that commit's files into the build
 * folder with a private index, so the context has no {@code .git}. Fetches of one mirror are
 * serialised by a per-mirror lock (concurrent builds of one repository are safe); the file
 * extraction only reads the mirror and runs outside it. A mirror that is not a repository of its
 * URL, or that lost objects, is made again from scratch.
 *
 * <p>Refs: a full commit hash (40 or 64 hex digits, as push webhooks send) is that commit, fetched
 * by hash when no branch or tag has it; a branch or tag name is its current head (a branch wins
 * over a tag of the same name); 4 to 39 hex digits that are no branch or tag are a commit prefix,
 * resolved among the mirror's commits after a fetch of every branch and tag (an unknown or
 * ambiguous prefix is an {@link UnresolvedRefException} listing what it matched).
 */
public final class GitSource {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
    private static final Pattern COMMIT_PREFIX = Pattern.compile("[0-9a-f]{4,39}");
    /** git must never stop to ask for a password: a build has nobody to answer. */
    private static final Map<String, String> NON_INTERACTIVE = Map.of("GIT_TERMINAL_PROMPT", "0",
            "GIT_ASKPASS", "/bin/true", "LC_ALL", "C");
    /** One lock per mirror folder of a host, shared by every GitSource of this process. */
    private static final Map<String, ReentrantLock> MIRROR_LOCKS = new ConcurrentHashMap<>();
    private static final int CANDIDATES_SHOWN = 5;

    /** Transports a user's git_url may use: never {@code ext::} (runs commands) or local paths on the build server. */
    public static final Set<String> NETWORK_PROTOCOLS = Set.of("https", "http", "ssh", "git");

    private final HostExecutor executor;
    private final Duration timeout;
    private final Set<String> protocols;
    private final Optional<Path> mirrors;

    /** A git source that clones over the network transports only ({@link #NETWORK_PROTOCOLS}). */
    public GitSource(HostExecutor executor, Duration timeout) {
        this(executor, timeout, NETWORK_PROTOCOLS, Optional.empty());
    }

    private GitSource(HostExecutor executor, Duration timeout, Set<String> protocols, Optional<Path> mirrors) {
        this.executor = executor;
        this.timeout = timeout;
        this.protocols = Set.copyOf(protocols);
        this.mirrors = mirrors;
    }

    /**
     * The same source also allowed to clone {@code file://} repositories of this machine: for
     * tests, benchmarks and a one-machine setup, never for git_url values of other users.
     */
    public GitSource allowingLocalRepositories() {
        Set<String> withFile = new TreeSet<>(protocols);
        withFile.add("file");
        return new GitSource(executor, timeout, withFile, mirrors);
    }

    /**
     * The same source keeping a bare mirror of every repository under {@code directory} (a folder
     * of the executor's host, such as {@code MAESTRO_HOME/buildgrid/git}), so later builds fetch
     * only what changed.
     */
    public GitSource withMirrors(Path directory) {
        return new GitSource(executor, timeout, protocols, Optional.of(directory));
    }

    /** The mirror folder of {@code gitUrl} under {@link #withMirrors(Path)}'s folder, if one is set. */
    public Optional<Path> mirrorOf(String gitUrl) {
        return mirrors.map(directory -> directory.resolve(mirrorName(gitUrl)));
    }

    /**
     * Checks out {@code source}'s ref (a branch, a tag, a full or abbreviated commit hash) into
     * {@code directory}, which must not exist or be empty, and returns the exact commit.
     *
     * @throws UnresolvedRefException when the repository has no such branch, tag or commit, or a
     *     short hash matches several commits
     * @throws BuildException when the repository cannot be fetched
     */
    public Checkout checkout(BuildSource source, Path directory) {
        if (Files.exists(directory) && !isEmptyDirectory(directory)) {
            throw new BuildException("cannot clone into " + directory + ": expected an empty directory");
        }
        Path mirrorDirectory = mirrorOf(source.gitUrl())
                .orElseGet(() -> directory.resolveSibling(directory.getFileName() + ".mirror.git"));
        GitMirror mirror = new GitMirror(executor, timeout, mirrorDirectory, source.gitUrl(), protocolPolicy());
        Path index = directory.resolveSibling(directory.getFileName() + ".index");
        try {
            String commit = locked(mirror, () -> resolve(mirror, source));
            ExecResult extracted = mirror.extract(commit, directory, index);
            if (!extracted.succeeded()) {
                // The mirror lost objects it claims to have: once more from a fresh mirror.
                commit = locked(mirror, () -> {
                    mirror.recreate();
                    return resolve(mirror, source);
                });
                clear(directory);
                extracted = mirror.extract(commit, directory, index);
                if (!extracted.succeeded()) {
                    throw new BuildException("cannot check out commit " + commit + " of " + source.gitUrl() + ": "
                            + extracted.stderr().strip());
                }
            }
            return new Checkout(directory, commit);
        } finally {
            if (mirrors.isEmpty()) {
                mirror.remove();
            }
        }
    }

    /**
     * Under the mirror's lock: fetches what the ref needs and returns its commit. A missing or
     * damaged mirror fails like an unreachable repository, so only then is the mirror looked at
     * (not on every build: each git process costs time) and made again when it is at fault.
     */
    private String resolve(GitMirror mirror, BuildSource source) {
        try {
            return resolveIn(mirror, source);
        } catch (UnresolvedRefException e) {
            throw e;
        } catch (BuildException e) {
            if (mirror.isUsable() && mirror.isIntact()) {
                throw e; // the repository's fault (unreachable, refused), not the mirror's
            }
            mirror.recreate();
            return resolveIn(mirror, source);
        }
    }

    private String resolveIn(GitMirror mirror, BuildSource source) {
        String ref = source.gitBranch();
        String url = source.gitUrl();
        if (COMMIT.matcher(ref).matches()) {
            return exactCommit(mirror, url, ref);
        }
        ExecResult branch = mirror.fetchRef("refs/heads/" + ref);
        if (!branch.succeeded() && !isMissingRef(branch) && mirror.fetchAll().succeeded()) {
            // A stale ref of the mirror can block the update (branch a deleted, a/b created): pruned, once more.
            branch = mirror.fetchRef("refs/heads/" + ref);
        }
        if (branch.succeeded()) {
            return mirror.commitOf("refs/heads/" + ref).orElseThrow(() -> new BuildException(
                    "branch " + ref + " of " + url + " was fetched but names no commit"));
        }
        if (!isMissingRef(branch)) {
            throw new BuildException("git clone of " + url + " (branch " + ref + ") failed: " + branch.stderr().strip()
                    + " (check git_url and git_branch, and that the branch exists)");
        }
        if (mirror.fetchRef("refs/tags/" + ref).succeeded()) {
            return mirror.commitOf("refs/tags/" + ref).orElseThrow(() -> new UnresolvedRefException(ref,
                    "tag " + ref + " of " + url + " names no commit (give a branch, a tag of a commit or a commit hash)"));
        }
        if (COMMIT_PREFIX.matcher(ref).matches()) {
            return commitPrefix(mirror, url, ref);
        }
        throw new UnresolvedRefException(ref, "git clone of " + url + " (branch " + ref + ") failed: "
                + branch.stderr().strip() + " (check git_url and git_branch, and that the branch exists)");
    }

    /** A full hash: no fetch when the mirror has it, else the branches and tags, else the commit by hash. */
    private String exactCommit(GitMirror mirror, String url, String commit) {
        if (mirror.commitOf(commit).isEmpty()) {
            fetchAll(mirror, url);
            if (mirror.commitOf(commit).isEmpty()) {
                ExecResult byHash = mirror.fetchCommit(commit);
                if (mirror.commitOf(commit).isEmpty()) {
                    throw new UnresolvedRefException(commit, "commit " + commit + " is not in " + url + ": "
                            + byHash.stderr().strip() + " (push it first, or give a branch or tag)");
                }
            }
        }
        String resolved = mirror.commitOf(commit).orElseThrow();
        if (!resolved.equals(commit)) {
            throw new BuildException("git resolved " + resolved + " instead of commit " + commit + " in " + mirror.directory());
        }
        return resolved;
    }

    /** An abbreviated hash: the one commit among every branch and tag whose hash starts with it. */
    private String commitPrefix(GitMirror mirror, String url, String prefix) {
        fetchAll(mirror, url);
        List<String> commits = mirror.commitsStartingWith(prefix);
        if (commits.size() == 1) {
            return commits.getFirst();
        }
        if (commits.isEmpty()) {
            throw new UnresolvedRefException(prefix, "ref '" + prefix + "' is no branch, tag or commit of " + url
                    + " (fetched every branch and tag; give the full 40-digit hash of a commit on no branch, or push it)");
        }
        List<String> shown = new ArrayList<>();
        for (String commit : commits.subList(0, Math.min(CANDIDATES_SHOWN, commits.size()))) {
            shown.add(mirror.describe(commit));
        }
        throw new UnresolvedRefException(prefix, "ref '" + prefix + "' is ambiguous in " + url + ": " + commits.size()
                + " commits start with it (" + String.join("; ", shown) + ")"
                + (commits.size() > CANDIDATES_SHOWN ? " and more" : "") + "; give more hex digits");
    }

    private static void fetchAll(GitMirror mirror, String url) {
        ExecResult fetched = mirror.fetchAll();
        if (!fetched.succeeded()) {
            throw new BuildException("git fetch of " + url + " failed: " + fetched.stderr().strip() + " (check git_url)");
        }
    }

    /** git says so when the repository answered but has no such ref. */
    private static boolean isMissingRef(ExecResult fetch) {
        return fetch.stderr().toLowerCase(Locale.ROOT).contains("couldn't find remote ref");
    }

    private static <T> T locked(GitMirror mirror, java.util.function.Supplier<T> work) {
        ReentrantLock lock = MIRROR_LOCKS.computeIfAbsent(mirror.host() + "|" + mirror.directory().toAbsolutePath().normalize(),
                key -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A folder name for the URL's mirror: the repository's last path segment (readable in
     * {@code ls}), then a hash of the whole URL (unique, safe for any URL).
     */
    static String mirrorName(String gitUrl) {
        String trimmed = gitUrl.replaceAll("[/\\\\]+$", "").replaceAll("\\.git$", "");
        String last = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1)
                .replaceAll("[^A-Za-z0-9._-]", "_");
        if (last.isEmpty() || last.startsWith(".")) {
            last = "repo";
        }
        last = last.substring(0, Math.min(40, last.length()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(gitUrl.getBytes(StandardCharsets.UTF_8));
            return last + "-" + HexFormat.of().formatHex(digest, 0, 8) + ".git";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** git's own protocol policy does the checking, so every URL form (scp-like too) is covered. */
    private List<String> protocolPolicy() {
        List<String> policy = new ArrayList<>(List.of("-c", "protocol.allow=never"));
        for (String protocol : new TreeSet<>(protocols)) {
            policy.addAll(List.of("-c", "protocol." + protocol + ".allow=always"));
        }
        return policy;
    }

    private void clear(Path directory) {
        executor.run(Command.of("rm", "-rf", "--", directory.toString()).withEnvironment(NON_INTERACTIVE)
                .withTimeout(timeout)).requireSuccess();
    }

    private static boolean isEmptyDirectory(Path directory) {
        try (var entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
