package io.maestro.buildgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

    @Test
    void everyOutputLineReachesTheListenerInOrderAndANonZeroExitIsAResult() {
        List<String> lines = new CopyOnWriteArrayList<>();

        ExecResult result = ProcessRunner.run(Command.of("sh", "-c", "echo one; echo two >&2; echo three; exit 3"),
                lines::add, new Cancellation());

        assertThat(lines).containsExactly("one", "two", "three");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("one\ntwo\nthree");
    }

    @Test
    void aStepPastItsTimeoutIsKilledAndReportedAsCancelled() {
        assertThatThrownBy(() -> ProcessRunner.run(Command.of("sleep", "600").withTimeout(Duration.ofMillis(200)),
                LogListener.NONE, new Cancellation()))
                .isInstanceOf(BuildCancelledException.class)
                .hasMessageContaining("'sleep 600' did not finish within 0 s");
    }

    @Test
    void aCancelledBuildStartsNoFurtherProcess() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel("user asked");

        assertThatThrownBy(() -> ProcessRunner.run(Command.of("true"), LogListener.NONE, cancellation))
                .isInstanceOf(BuildCancelledException.class)
                .hasMessage("'true' cancelled: user asked");
    }

    @Test
    void aMissingProgramSaysWhatToInstall() {
        assertThatThrownBy(() -> ProcessRunner.run(Command.of("no-such-buildah-here"), LogListener.NONE, new Cancellation()))
                .isInstanceOf(BuildException.class)
                .hasMessageContaining("is no-such-buildah-here installed?");
    }
}
