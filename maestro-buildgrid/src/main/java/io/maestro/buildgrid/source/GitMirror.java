package io.maestro.buildgrid.source;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One bare mirror of a repository on the build host: its branches and tags, fetched from the
 * repository's URL, from which builds extract the files of one exact commit. Every git command
 * names the mirror with {@code --git-dir}, so a broken mirror is never mistaken for a repository
 * in a parent folder. Not thread-safe: {@link GitSource} holds the mirror's lock around fetches.
 */
final class GitMirror {

    /** git must never stop to ask for a password: a build has nobody to answer. */
    private static final Map<String, String> NON_INTERACTIVE = Map.of("GIT_TERMINAL_PROMPT", "0",
            "GIT_ASKPASS", "/bin/true", "LC_ALL", "C");

    private final HostExecutor executor;
    private final Duration timeout;
    private final Path directory;
    private final String url;
    private final List<String> protocolPolicy;

    GitMirror(HostExecutor executor, Duration timeout, Path directory, String url, List<String> protocolPolicy) {
        this.executor = executor;
        this.timeout = timeout;
        this.directory = directory;
        this.url = url;
        this.protocolPolicy = List.copyOf(protocolPolicy);
    }

    String host() {
        return executor.host();
    }

    Path directory() {
        return directory;
    }

    /** True when the folder is a repository whose origin is this mirror's URL. */
    boolean isUsable() {
        // With --git-dir, git refuses a folder that lacks HEAD, objects/ or refs/: one command checks all.
        ExecResult origin = git(List.of("config", "--get", "remote.origin.url"));
        return origin.succeeded() && origin.stdout().strip().equals(url);
    }

    /**
     * Removes whatever is in the folder and makes an empty bare repository that fetches the
     * branches and tags of the URL. Nothing is fetched yet.
     */
    void recreate() {
        remove();
        run(List.of("git", "init", "--quiet", "--bare", directory.toString())).requireSuccess();
        git(List.of("config", "remote.origin.url", url)).requireSuccess();
        git(List.of("config", "remote.origin.fetch", "+refs/heads/*:refs/heads/*")).requireSuccess();
        git(List.of("config", "--add", "remote.origin.fetch", "+refs/tags/*:refs/tags/*")).requireSuccess();
        // gc in the foreground, inside the mirror's lock, never in a process that outlives it.
        git(List.of("config", "gc.autoDetach", "false")).requireSuccess();
    }

    /** True when every object the branches and tags need is there and readable. */
    boolean isIntact() {
        return git(List.of("fsck", "--connectivity-only", "--no-dangling", "--no-progress")).succeeded();
    }

    void remove() {
        run(List.of("rm", "-rf", "--", directory.toString())).requireSuccess();
    }

    /** Fetches one branch ({@code refs/heads/NAME}) or tag into the same ref of the mirror. */
    ExecResult fetchRef(String ref) {
        return fetch(List.of("--no-tags", "origin", "+" + ref + ":" + ref));
    }

    /** Fetches every branch and tag, removing the ones the repository no longer has. */
    ExecResult fetchAll() {
        return fetch(List.of("--prune", "--prune-tags", "origin"));
    }

    /** Fetches one commit by its full hash (for commits on no branch; servers may refuse it). */
    ExecResult fetchCommit(String commit) {
        return fetch(List.of("--no-tags", "origin", commit));
    }

    /** The full hash of the commit {@code revision} names in the mirror, if it names one. */
    java.util.Optional<String> commitOf(String revision) {
        ExecResult parsed = git(List.of("rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"));
        return parsed.succeeded() ? java.util.Optional.of(parsed.stdout().strip()) : java.util.Optional.empty();
    }

    /** Every commit of the mirror whose hash starts with {@code prefix} (at least 4 hex digits). */
    List<String> commitsStartingWith(String prefix) {
        ExecResult candidates = git(List.of("rev-parse", "--disambiguate=" + prefix));
        if (!candidates.succeeded() || candidates.stdout().isBlank()) {
            return List.of();
        }
        // --disambiguate lists objects of every type; keep the commits.
        ExecResult types = executor.run(command(List.of("cat-file", "--batch-check=%(objectname) %(objecttype)"))
                .withStdin(candidates.stdout().getBytes(StandardCharsets.UTF_8)));
        List<String> commits = new ArrayList<>();
        for (String line : types.stdout().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2 && parts[1].equals("commit")) {
                commits.add(parts[0]);
            }
        }
        return commits;
    }

    /** One line about a commit for messages: its short hash, date and subject. */
    String describe(String commit) {
        ExecResult shown = git(List.of("log", "-1", "--format=%h %cs %s", commit));
        return shown.succeeded() ? shown.stdout().strip() : commit;
    }

    /**
     * Writes the files of {@code commit} into {@code target} (which must be empty): a temporary
     * index next to the target, never the mirror's, so extractions of one mirror can run at the
     * same time and the build context has no {@code .git}.
     */
    ExecResult extract(String commit, Path target, Path index) {
        run(List.of("mkdir", "-p", "--", target.toString())).requireSuccess();
        List<String> argv = new ArrayList<>(List.of("git", "--git-dir=" + directory, "--work-tree=" + target,
                "read-tree", "--reset", "-u", commit));
        Map<String, String> environment = new java.util.HashMap<>(NON_INTERACTIVE);
        environment.put("GIT_INDEX_FILE", index.toString());
        try {
            return executor.run(Command.of(argv).withEnvironment(environment).withTimeout(timeout));
        } finally {
            run(List.of("rm", "-f", "--", index.toString()));
        }
    }

    private ExecResult fetch(List<String> args) {
        List<String> argv = new ArrayList<>(protocolPolicy);
        argv.addAll(List.of("fetch", "--quiet", "--no-write-fetch-head"));
        argv.addAll(args);
        return git(argv);
    }

    private ExecResult git(List<String> args) {
        return executor.run(command(args));
    }

    private Command command(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("git", "--git-dir=" + directory));
        argv.addAll(args);
        return Command.of(argv).withEnvironment(NON_INTERACTIVE).withTimeout(timeout);
    }

    private ExecResult run(List<String> argv) {
        return executor.run(Command.of(argv).withEnvironment(NON_INTERACTIVE).withTimeout(timeout));
    }
}
