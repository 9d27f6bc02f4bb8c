package io.maestro.buildgrid.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.buildgrid.BuildException;
import io.maestro.buildgrid.testing.GitRepository;
import io.maestro.hosts.exec.LocalExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real git: a branch head, an exact older commit (as push webhooks ask), a commit that is not there. */
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
    void aCommitTheRepositoryDoesNotHaveIsAClearError() {
        GitRepository repository = GitRepository.init(temp.resolve("repo"));
        repository.write("version.txt", "one").commit("one");
        String missing = "0123456789abcdef0123456789abcdef01234567";

        assertThatThrownBy(() -> git.checkout(BuildSource.of(repository.url(), missing), temp.resolve("missing")))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("commit " + missing + " is not in " + repository.url());
    }
}
