package io.maestro.hosts.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecutorTest {

    private final LocalExecutor local = new LocalExecutor();

    @TempDir
    Path dir;

    @Test
    void passesArgumentsWithoutAShellSoMetacharactersStayLiteral() {
        ExecResult result = local.run(Command.of("echo", "a; rm -rf /tmp/x", "$HOME"));
        assertThat(result.stdout()).isEqualTo("a; rm -rf /tmp/x $HOME\n");
        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void aNonZeroExitIsAResultAndRequireSuccessNamesTheCommandAndItsOutput() {
        ExecResult result = local.run(Command.of("sh", "-c", "echo broken >&2; exit 3"));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThatThrownBy(result::requireSuccess)
                .isInstanceOf(HostCommandException.class)
                .hasMessageContaining("on local: 'sh -c echo broken >&2; exit 3' exited 3")
                .hasMessageContaining("broken");
    }

    @Test
    void feedsStandardInput() {
        ExecResult result = local.run(Command.of("cat").withStdin("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(result.stdout()).isEqualTo("hello");
    }

    @Test
    void killsACommandThatOutlivesItsTimeout() {
        assertThatThrownBy(() -> local.run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(200))))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("did not finish");
    }

    @Test
    void aMissingProgramIsAHostException() {
        assertThatThrownBy(() -> local.run(Command.of("no-such-program-maestro")))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("cannot start 'no-such-program-maestro'");
    }

    @Test
    void writesFilesAtomicallyWithTheirModeAndReadsThemBack() throws Exception {
        Path file = dir.resolve("sub/secret.conf");
        local.writeFile(file.toString(), "x=1\n".getBytes(StandardCharsets.UTF_8), 0600);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(local.readFile(file.toString())).hasValueSatisfying(
                bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("x=1\n"));
        assertThat(local.readFile(dir.resolve("missing").toString())).isEmpty();
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file);
        }
    }
}
