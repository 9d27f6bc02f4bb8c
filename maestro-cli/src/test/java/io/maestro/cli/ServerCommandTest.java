package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.server.ServerConfig;
import io.maestro.server.deploy.DeployConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {

    @TempDir
    Path home;

    static ServerCommand parse(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void optionsAndMaestroHomeMakeTheServerConfig() {
        ServerConfig config = parse("--port", "9090", "--database-url", "jdbc:sqlite:/tmp/x.db")
                .config(Map.of("MAESTRO_HOME", home.toString()));
        assertThat(config).isEqualTo(new ServerConfig(9090, home.toAbsolutePath(), "jdbc:sqlite:/tmp/x.db"));
        assertThat(parse().config(Map.of("MAESTRO_HOME", home.toString())).port()).isEqualTo(8080);
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThatThrownBy(() -> parse("--port", "70000").config(Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessage("--port: expected a port number between 0 and 65535, got 70000");
        assertThat(Cli.run(CliContext.standard(), "server", "--port", "abc").exitCode()).isEqualTo(2);
    }

    @Test
    void maxDeploymentsBoundsTheDeployEngine() {
        assertThat(parse("--max-deployments", "3").deployConfig().maxConcurrentDeployments()).isEqualTo(3);
        assertThat(parse().deployConfig().maxConcurrentDeployments())
                .isEqualTo(DeployConfig.DEFAULT_MAX_CONCURRENT_DEPLOYMENTS).isGreaterThanOrEqualTo(8);
        assertThatThrownBy(() -> parse("--max-deployments", "0").deployConfig())
                .isInstanceOf(UsageException.class)
                .hasMessage("--max-deployments: expected at least 1, got 0");
    }
}
