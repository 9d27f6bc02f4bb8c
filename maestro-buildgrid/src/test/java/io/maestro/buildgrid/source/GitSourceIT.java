package io.maestro.buildgrid.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.buildgrid.BuildException;
import io.maestro.buildgrid.testing.GitRepository;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.LocalExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real git: a branch head, an exact older commit (as push webhooks ask), a commit that is not
 * there; the mirror cache (reused, fetched, safe for concurrent builds, made again when broken);
 * abbreviated commit hashes.
 */
class GitSourceIT {

    @TempDir
    Path temp;

    private final GitSource git = new GitSource(new LocalExecutor(), Duration.ofSeconds(60)).allowingLocalRepositories();

    @Test
    void aBranchIsClonedAtItsHead() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        repository.write("version.txt", "one").commit("one");
        String second = repository.write("version.txt", "two").commit("two");

        Checkout checkout = git.checkout(BuildSource.of(repository.url(), "main"), temp.resolve("branch"));

        assertThat(checkout.commit()).isEqualTo(second);
        assertThat(Files.readString(temp.resolve("branch/version.txt"))).isEqualTo("two");
        assertThat(temp.resolve("branch/.git")).doesNotExist();
        assertThat(temp.resolve("branch.mirror.git")).as("a temporary mirror is removed").doesNotExist();
    }

    @Test
    void aFullCommitHashChecksOutThatCommitEvenWhenTheBranchMovedOn() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        String first = repository.write("version.txt", "one").commit("one");
        repository.write("version.txt", "two").commit("two");

        Checkout checkout = git.checkout(BuildSource.of(repository.url(), first), temp.resolve("commit"));

        assertThat(checkout.commit()).isEqualTo(first);
        assertThat(Files.readString(temp.resolve("commit/version.txt"))).isEqualTo("one");
    }

    @Test
    void aTagIsCheckedOutAtItsCommit() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        String tagged = repository.write("version.txt", "one").commit("one");
        repository.tag("v1");
        repository.write("version.txt", "two").commit("two");

        Checkout checkout = git.withMirrors(temp.resolve("mirrors")).checkout(BuildSource.of(repository.url(), "v1"),
                temp.resolve("tag"));

        assertThat(checkout.commit()).isEqualTo(tagged);
        assertThat(Files.readString(temp.resolve("tag/version.txt"))).isEqualTo("one");
    }

    @Test
    void aCommitTheRepositoryDoesNotHaveIsAClearError() {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        repository.write("version.txt", "one").commit("one");
        String missing = "0123456789abcdef0123456789abcdef01234567";

        assertThatThrownBy(() -> git.checkout(BuildSource.of(repository.url(), missing), temp.resolve("missing")))
                .isInstanceOf(UnresolvedRefException.class)
                .hasMessageContaining("commit " + missing + " is not in " + repository.url());
    }

    @Test
    void theMirrorIsKeptAndLaterBuildsFetchOnlyWhatChanged() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        String first = repository.write("version.txt", "one").commit("one");
        GitSource cached = git.withMirrors(temp.resolve("mirrors"));
        Path mirror = cached.mirrorOf(repository.url()).orElseThrow();

        assertThat(cached.checkout(BuildSource.of(repository.url(), "main"), temp.resolve("a")).commit()).isEqualTo(first);
        assertThat(mirror.resolve("HEAD")).exists();
        String second = repository.write("version.txt", "two").commit("two");
        Checkout later = cached.checkout(BuildSource.of(repository.url(), "main"), temp.resolve("b"));

        assertThat(later.commit()).isEqualTo(second);
        assertThat(Files.readString(temp.resolve("b/version.txt"))).isEqualTo("two");
        assertThat(git("--git-dir=" + mirror, "rev-parse", "refs/heads/main")).isEqualTo(second);
    }

    @Test
    void aFullHashTheMirrorHasIsBuiltWithoutAskingTheRepositoryAgain() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        String first = repository.write("version.txt", "one").commit("one");
        GitSource cached = git.withMirrors(temp.resolve("mirrors"));
        cached.checkout(BuildSource.of(repository.url(), "main"), temp.resolve("a"));
        String url = repository.url();
        deleteRecursively(repository.directory()); // the origin is gone: only the mirror can answer

        Checkout again = cached.checkout(BuildSource.of(url, first), temp.resolve("b"));

        assertThat(again.commit()).isEqualTo(first);
        assertThat(Files.readString(temp.resolve("b/version.txt"))).isEqualTo("one");
    }

    @Test
    void aBranchReplacedByOneNestedUnderItsNameIsFetchedDespiteTheMirrorsOldRef() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        String first = repository.write("version.txt", "one").commit("one");
        repository.branch("feature", first);
        GitSource cached = git.withMirrors(temp.resolve("mirrors"));
        cached.checkout(BuildSource.of(repository.url(), "feature"), temp.resolve("a"));
        repository.deleteBranch("feature").branch("feature/login", first);

        Checkout nested = cached.checkout(BuildSource.of(repository.url(), "feature/login"), temp.resolve("b"));

        assertThat(nested.commit()).isEqualTo(first);
    }

    @Test
    void concurrentBuildsOfOneRepositoryShareTheMirrorSafely() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        String head = repository.write("version.txt", "one").commit("one");
        GitSource cached = git.withMirrors(temp.resolve("mirrors"));
        List<Callable<Checkout>> builds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path target = temp.resolve("build-" + i);
            builds.add(() -> cached.checkout(BuildSource.of(repository.url(), "main"), target));
        }

        List<String> commits = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (Future<Checkout> build : threads.invokeAll(builds)) {
                commits.add(build.get().commit());
            }
        }

        assertThat(commits).containsOnly(head).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(Files.readString(temp.resolve("build-" + i + "/version.txt"))).isEqualTo("one");
        }
    }

    @Test
    void aMirrorThatIsNoRepositoryIsMadeAgain() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        String head = repository.write("version.txt", "one").commit("one");
        GitSource cached = git.withMirrors(temp.resolve("mirrors"));
        Path mirror = cached.mirrorOf(repository.url()).orElseThrow();
        Files.createDirectories(mirror.getParent());
        Files.writeString(mirror, "not a repository");

        assertThat(cached.checkout(BuildSource.of(repository.url(), "main"), temp.resolve("a")).commit()).isEqualTo(head);
        assertThat(mirror.resolve("HEAD")).exists();
    }

    @Test
    void aMirrorThatLostItsObjectsIsMadeAgain() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        String head = repository.write("version.txt", "one").commit("one");
        GitSource cached = git.withMirrors(temp.resolve("mirrors"));
        cached.checkout(BuildSource.of(repository.url(), "main"), temp.resolve("a"));
        Path objects = cached.mirrorOf(repository.url()).orElseThrow().resolve("objects");
        try (Stream<Path> files = Files.walk(objects)) {
            files.filter(Files::isRegularFile).forEach(file -> file.toFile().delete()); // refs still name the commit
        }

        Checkout again = cached.checkout(BuildSource.of(repository.url(), "main"), temp.resolve("b"));

        assertThat(again.commit()).isEqualTo(head);
        assertThat(Files.readString(temp.resolve("b/version.txt"))).isEqualTo("one");
    }

    @Test
    void anAbbreviatedHashResolvesToTheFullCommit() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        String first = repository.write("version.txt", "one").commit("one");
        repository.write("version.txt", "two").commit("two");

        Checkout checkout = git.withMirrors(temp.resolve("mirrors"))
                .checkout(BuildSource.of(repository.url(), first.substring(0, 7)), temp.resolve("short"));

        assertThat(checkout.commit()).isEqualTo(first);
        assertThat(Files.readString(temp.resolve("short/version.txt"))).isEqualTo("one");
    }

    @Test
    void aBranchNamedLikeAHashIsTheBranch() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        String first = repository.write("version.txt", "one").commit("one");
        String second = repository.write("version.txt", "two").commit("two");
        String prefix = first.substring(0, 7);
        repository.branch(prefix, second);

        Checkout checkout = git.checkout(BuildSource.of(repository.url(), prefix), temp.resolve("named"));

        assertThat(checkout.commit()).isEqualTo(second);
    }

    @Test
    void anUnknownAbbreviatedHashIsAClearError() {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        String head = repository.write("version.txt", "one").commit("one");
        String unknown = head.charAt(0) == '0' ? "1234abc" : "0000abc";

        assertThatThrownBy(() -> git.checkout(BuildSource.of(repository.url(), unknown), temp.resolve("unknown")))
                .isInstanceOf(UnresolvedRefException.class)
                .hasMessage("ref '" + unknown + "' is no branch, tag or commit of " + repository.url()
                        + " (fetched every branch and tag; give the full 40-digit hash of a commit on no branch, or push it)");
    }

    @Test
    void anAmbiguousAbbreviatedHashListsTheCommitsItMatches() throws Exception {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        repository.write("version.txt", "one").commit("one");
        // 2,000 commits make two of them share their first 4 hex digits (birthday bound over 65,536).
        repository.fastImportCommits(2000);
        Map<String, List<String>> byPrefix = Arrays.stream(git("-C", repository.directory().toString(), "rev-list", "--all")
                .split("\n")).collect(Collectors.groupingBy(commit -> commit.substring(0, 4)));
        List<String> shared = byPrefix.values().stream().filter(commits -> commits.size() > 1).findFirst().orElseThrow();
        String prefix = shared.getFirst().substring(0, 4);

        assertThatThrownBy(() -> git.checkout(BuildSource.of(repository.url(), prefix), temp.resolve("ambiguous")))
                .isInstanceOf(UnresolvedRefException.class)
                .hasMessageStartingWith("ref '" + prefix + "' is ambiguous in " + repository.url() + ": " + shared.size()
                        + " commits start with it (")
                .hasMessageContaining(shared.getFirst().substring(0, 7))
                .hasMessageEndingWith("; give more hex digits");
        assertThat(temp.resolve("ambiguous")).doesNotExist();
    }

    @Test
    void aMissingBranchNamesTheBranch() {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        repository.write("version.txt", "one").commit("one");

        assertThatThrownBy(() -> git.checkout(BuildSource.of(repository.url(), "release"), temp.resolve("missing")))
                .isInstanceOf(UnresolvedRefException.class)
                .hasMessageContaining("git clone of " + repository.url() + " (branch release) failed")
                .hasMessageContaining("check git_url and git_branch");
    }

    @Test
    void anUnreachableRepositoryIsAFetchErrorNotAMissingRef() {
        String url = temp.resolve("nothing-here").toUri().toString();

        assertThatThrownBy(() -> git.withMirrors(temp.resolve("mirrors")).checkout(BuildSource.of(url, "main"), temp.resolve("x")))
                .isInstanceOf(BuildException.class)
                .isNotInstanceOf(UnresolvedRefException.class)
                .hasMessageStartingWith("git clone of " + url + " (branch main) failed: ");
    }

    @Test
    void mirrorNamesAreReadableAndDifferPerUrl() {
        assertThat(GitSource.mirrorName("https://git.example.com/acme/shop.git")).matches("shop-[0-9a-f]{16}\\.git");
        assertThat(GitSource.mirrorName("git@git.example.com:acme/shop.git")).matches("shop-[0-9a-f]{16}\\.git");
        assertThat(GitSource.mirrorName("https://git.example.com/acme/shop.git"))
                .isNotEqualTo(GitSource.mirrorName("https://git.example.com/other/shop.git"));
        assertThat(GitSource.mirrorName("https://example.com/")).matches("example.com-[0-9a-f]{16}\\.git");
        assertThat(GitSource.mirrorName("file:///..")).matches("repo-[0-9a-f]{16}\\.git");
    }

    private static String git(String... args) {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        return new LocalExecutor().run(Command.of(argv)).requireSuccess().stdout().strip();
    }

    private static void deleteRecursively(Path directory) throws Exception {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
