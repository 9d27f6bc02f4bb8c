package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** builds, build minutes, plans and registries against a real control plane started in-process. */
class BuildsCommandIT {

    static final String SERVICE_YML = """
            version: 2
            services:
              web:
                git_url: https://127.0.0.1:1/shop.git
                git_branch: main
            """;

    @TempDir
    Path dir;

    LiveServer live;

    @BeforeEach
    void start() throws IOException {
        live = LiveServer.start(dir).loggedInAsAdmin();
        Files.writeString(dir.resolve("service.yml"), SERVICE_YML);
        assertThat(live.maestro("apps", "create", "shop").exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        live.close();
    }

    @Test
    void aBuildThatCannotCloneFollowsItsLogToTheFailureAndExitsNonZero() {
        Cli.Run run = live.maestro("builds", "run", "shop", "web");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).startsWith("build 1 queued: shop/web at main\n").contains("Cloning https://127.0.0.1:1/shop.git (branch main)");
        assertThat(run.err()).contains("build 1 failed: git clone of https://127.0.0.1:1/shop.git (branch main) failed");
        assertThat(live.maestro("builds", "list", "shop").out()).contains("shop", "web", "build", "failed", "main");
        assertThat(live.maestro("builds", "show", "1").out()).contains("status", "failed", "Cloning https://127.0.0.1:1/shop.git");
        assertThat(live.maestro("builds", "logs", "1", "--follow").out()).contains("Cloning https://127.0.0.1:1/shop.git");
        assertThat(live.maestro("builds", "cancel", "1").err()).contains("build 1 already failed");
    }

    @Test
    void minutesShowThePlanAndAnExhaustedHardStopPlanRefusesTheBuild() {
        assertThat(live.maestro("builds", "minutes").out()).contains("free (50 min included, hard stop)", "remaining", "50 of 50 min");
        assertThat(live.maestro("builds", "plan", "tiny", "--included", "0", "--hard-stop").exitCode()).isZero();

        Cli.Run refused = live.maestro("builds", "run", "shop", "web");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("has used all 0 Build Minutes of plan 'tiny'");
        assertThat(live.maestro("builds", "minutes").out()).contains("allowance used up");
        assertThat(live.maestro("builds", "list").out()).doesNotContain("shop");
    }

    @Test
    void registryPasswordsAreReadFromStandardInputAndNeverShown() {
        Cli.Run added = live.maestroWithInput("hunter2-registry\n", "registries", "add", "registry.example:5000", "--username", "ci",
                "--password-stdin", "--default");

        assertThat(added.out()).isEqualTo("stored credentials of registry.example:5000 for ci; builds push there\n");
        Cli.Run list = live.maestro("registries", "list");
        assertThat(list.out()).contains("registry.example:5000", "ci", "yes").doesNotContain("hunter2");
        assertThat(live.maestro("registries", "remove", "registry.example:5000").out()).isEqualTo("removed registry registry.example:5000\n");
        assertThat(live.maestro("registries", "list").out()).doesNotContain("registry.example");
    }
}
