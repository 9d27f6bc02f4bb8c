package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy family (deploy, history, deployments show, rollback, services scale, status, unlock)
 * against {@link ContractServer}, an in-test server that speaks the DEPLOY routes of the contract.
 */
class DeployCommandsIT {

    @TempDir
    Path dir;

    ContractServer server;

    @BeforeEach
    void start() {
        server = ContractServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Cli.Run maestro(String... args) {
        return Cli.run(CliContext.in(dir).withEnv(server.env()), args);
    }

    @Test
    void deployFollowsTheStreamWithPerServiceProgressAndTheLog() {
        Cli.Run run = maestro("deploy", "shop");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "deployment 7 of shop/production (version 3) queued",
                "step apply: running",
                "applied 3 objects",
                "web 1/3 updated, 0/3 ready",
                "web 2/3 updated, 1/3 ready",
                "worker 1/1 updated, 1/1 ready",
                "web 3/3 updated, 3/3 ready",
                "step apply: succeeded (3 objects)",
                "deployment 7 succeeded");
        assertThat(server.bodies.get("POST /api/v1/apps/shop/deployments")).isEqualTo("{\"environment\":\"production\"}");
        assertThat(server.requests).contains("GET /api/v1/deployments/7/events");
    }

    @Test
    void aFailedDeploymentPrintsWhyAndExitsOne() {
        Cli.Run run = maestro("deploy", "shop", "--version", "9");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("web: 0/2 ready: ImagePullBackOff\n")
                .endsWith("deployment 8 failed: rollout of web failed: ProgressDeadlineExceeded\n");
        assertThat(server.bodies.get("POST /api/v1/apps/shop/deployments")).isEqualTo("{\"environment\":\"production\",\"version\":9}");

        Cli.Run json = maestro("deploy", "shop", "--version", "9", "--output", "json");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(OnlineCommandsIT.json(json).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void aBrokenStreamIsResumedWithoutRepeatingLines() {
        Cli.Run run = maestro("deploy", "shop", "--env", "staging");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("line "))).containsExactly("line a", "line b", "line c");
    }

    @Test
    void noWaitPrintsTheIdAndReturns() {
        Cli.Run run = maestro("deploy", "shop", "--no-wait");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("7\n");
        assertThat(run.err()).contains("deployment 7 of shop/production (version 3) is queued");
        assertThat(server.requests).noneMatch(r -> r.contains("/events"));
        JsonNode json = OnlineCommandsIT.json(maestro("deploy", "shop", "--no-wait", "--output", "json"));
        assertThat(json.get("id").asLong()).isEqualTo(7);
    }

    @Test
    void aRefusedDeployShowsTheServersMessage() {
        Cli.Run run = maestro("deploy", "nocluster");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("maestro: error: no cluster for nocluster/production; add one with `maestro clusters add`\n");
    }

    @Test
    void historyAndDeploymentsShow() {
        Cli.Run history = maestro("history", "shop", "--env", "production", "--limit", "5");
        assertThat(history.out().lines().toList()).hasSize(3);
        assertThat(history.out().lines().toList().get(1)).startsWith("9   production  3        succeeded (rollback)  dora");
        assertThat(history.out().lines().toList().get(2)).endsWith("rollout of web failed");
        assertThat(server.requests).contains("GET /api/v1/apps/shop/deployments?environment=production&limit=5");
        assertThat(OnlineCommandsIT.json(maestro("history", "shop", "--output", "json")).get("deployments")).hasSize(2);

        Cli.Run show = maestro("deployments", "show", "7");
        assertThat(show.out()).contains("deployment 7 of shop/production, version 3", "status:    succeeded",
                "1     apply  succeeded", "2026-11-25T01:00:01Z  applied 3 objects");
        assertThat(OnlineCommandsIT.json(maestro("deployments", "show", "7", "--output", "json")).get("steps")).hasSize(1);
        Cli.Run missing = maestro("deployments", "show", "404");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("maestro: error: no deployment 404\n");
    }

    @Test
    void rollbackSendsTheTargetAndFollowsTheNewDeployment() {
        Cli.Run run = maestro("rollback", "shop", "--to", "5");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("rollback 7 of shop/production (version 3) queued\n").endsWith("rollback 7 succeeded\n");
        assertThat(server.bodies.get("POST /api/v1/apps/shop/rollback")).isEqualTo("{\"environment\":\"production\",\"to\":5}");
        assertThat(maestro("rollback", "shop", "--no-wait").out()).isEqualTo("7\n");
    }

    @Test
    void scaleStatusAndUnlock() {
        Cli.Run scale = maestro("services", "scale", "shop", "web", "+3");
        assertThat(scale.out()).isEqualTo("web in production: 2 -> 5 replicas (bounds 1..10)\n");
        assertThat(server.bodies.get("POST /api/v1/apps/shop/services/web/scale"))
                .contains("\"replicas\":\"+3\"").contains("\"environment\":\"production\"");
        Cli.Run outOfBounds = maestro("services", "scale", "shop", "web", "99");
        assertThat(outOfBounds.exitCode()).isEqualTo(1);
        assertThat(outOfBounds.err()).isEqualTo("maestro: error: replicas: 99 is outside the bounds 1..10 of service web\n");
        assertThat(OnlineCommandsIT.json(maestro("services", "scale", "shop", "web", "5", "--output", "json")).get("to").asInt())
                .isEqualTo(5);

        Cli.Run status = maestro("status", "shop");
        assertThat(status.out()).contains("shop in production on cluster main",
                "web      3        3      3        3          acme/web:1.1  http://10.0.0.5:80",
                "last deployment: 7 (version 3) succeeded",
                "drift: 1 object(s) changed outside Maestro", "  Deployment/web: spec.replicas changed");
        assertThat(OnlineCommandsIT.json(maestro("status", "shop", "--output", "json")).at("/services/0/name").asText()).isEqualTo("web");

        assertThat(maestro("unlock", "shop", "--env", "production").out())
                .isEqualTo("released the deployment lock of shop/production (held by deployment 7)\n");
        assertThat(maestro("unlock", "shop").exitCode()).isEqualTo(2);
        Cli.Run forbidden = maestro("unlock", "blog", "--env", "production");
        assertThat(forbidden.exitCode()).isEqualTo(1);
        assertThat(forbidden.err()).isEqualTo("maestro: error: permission denied: this needs the role admin, user 'dora' has deployer\n");
        assertThat(OnlineCommandsIT.json(maestro("unlock", "shop", "--env", "production", "--output", "json"))
                .get("released").asBoolean()).isTrue();
    }

    @Test
    void aWrongTokenIsRejectedOnEveryDeployCommand() {
        Map<String, String> env = new HashMap<>(server.env());
        env.put("MAESTRO_TOKEN", "maestro_wrong");
        for (String[] args : new String[][] {{"deploy", "shop"}, {"history", "shop"}, {"status", "shop"},
                {"deployments", "show", "7"}, {"rollback", "shop"}, {"services", "scale", "shop", "web", "2"},
                {"unlock", "shop", "--env", "production"}}) {
            Cli.Run run = Cli.run(CliContext.in(dir).withEnv(env), args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(run.err()).as(String.join(" ", args)).contains("rejected the token: the bearer token is unknown or revoked");
        }
    }
}
