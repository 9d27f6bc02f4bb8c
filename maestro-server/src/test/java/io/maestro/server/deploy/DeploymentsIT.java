package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.maestro.kube.testing.ApiServerEmulator;
import io.maestro.server.deploy.DeployHarness.Event;
import io.maestro.store.deploy.DriftReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deployments through the REST API against a mock Kubernetes API server, with a test Deployment controller. */
class DeploymentsIT {

    @TempDir
    static Path home;

    static DeployHarness harness;

    @BeforeAll
    static void start() {
        harness = new DeployHarness(home, DeployHarness.fastConfig());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @AfterEach
    void clearFaults() {
        harness.cluster.api().clearFaults();
        harness.controllerPaused = false;
    }

    private static List<String> stepNames(JsonNode deployment) {
        return StreamSupport.stream(deployment.get("steps").spliterator(), false)
                .map(s -> s.get("name").asText() + ":" + s.get("status").asText()).toList();
    }

    private static String log(JsonNode deployment) {
        StringBuilder text = new StringBuilder();
        deployment.get("log").forEach(l -> text.append(l.get("line").asText()).append('\n'));
        return text.toString();
    }

    @Test
    void aDeployRunsEveryJournaledStepAndRollsOutTheServices() {
        harness.createApp("shop", "acme/web:1.0", Map.of());
        long id = harness.deploy("shop");

        JsonNode done = harness.awaitFinished(id);

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.get("cluster").asText()).isEqualTo("mock");
        assertThat(stepNames(done)).containsExactly("load version 1:done", "provision host components:done",
                "resolve environment:done", "render:done",
                "apply:done", "prune:done", "track rollout:done");
        assertThat(log(done)).contains("created Deployment.apps/web in shop-production", "deployment succeeded");
        Deployment web = harness.liveDeployment("shop", "web");
        assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("acme/web:1.0");
        DeployHarness.await("lease released", () -> harness.server.store().leases().find("shop", "production").isEmpty());

        JsonNode status = harness.get("/api/v1/apps/shop/status?environment=production", harness.adminToken).json();
        assertThat(status.get("cluster").asText()).isEqualTo("mock");
        assertThat(status.get("lastDeployment").get("id").asLong()).isEqualTo(id);
        assertThat(status.get("services").findValuesAsText("name")).containsExactly("web", "worker");
        assertThat(status.get("services").get(0).get("ready").asInt()).isEqualTo(1);
        assertThat(status.get("services").get(0).get("images").get(0).asText()).isEqualTo("acme/web:1.0");
        assertThat(status.get("services").get(0).get("endpoints").toString()).contains("web.shop-production.svc:3000");
    }

    @Test
    void variablesSetThroughTheApiReachTheClusterSecretsOnlyInSecretsAndTheEnvironmentsOwnValueWins() {
        harness.createApp("vars", "acme/web:1.0", Map.of());
        assertThat(harness.put("/api/v1/apps/vars/env-vars/GREETING", harness.adminToken,
                Map.of("value", "hello everywhere")).status()).isEqualTo(200);
        assertThat(harness.put("/api/v1/apps/vars/env-vars/GREETING", harness.adminToken,
                Map.of("value", "hello production", "environment", "production")).status()).isEqualTo(200);
        assertThat(harness.put("/api/v1/apps/vars/env-vars/DB_PASSWORD", harness.adminToken,
                Map.of("value", "s3cret-value", "service", "web", "secret", true)).status()).isEqualTo(200);

        JsonNode done = harness.awaitFinished(harness.deploy("vars"));

        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        String namespace = "vars-production";
        List<String> configValues = harness.kube().configMaps().inNamespace(namespace).list().getItems().stream()
                .flatMap(c -> c.getData() == null ? java.util.stream.Stream.<String>empty() : c.getData().values().stream())
                .toList();
        List<String> secretValues = harness.kube().secrets().inNamespace(namespace).list().getItems().stream()
                .flatMap(secret -> java.util.stream.Stream.concat(
                        secret.getData() == null ? java.util.stream.Stream.<String>empty()
                                : secret.getData().values().stream().map(v -> new String(
                                        java.util.Base64.getDecoder().decode(v), java.nio.charset.StandardCharsets.UTF_8)),
                        secret.getStringData() == null ? java.util.stream.Stream.<String>empty()
                                : secret.getStringData().values().stream()))
                .toList();
        assertThat(secretValues).contains("s3cret-value");
        assertThat(configValues).doesNotContain("s3cret-value").contains("hello production")
                .doesNotContain("hello everywhere");
        assertThat(log(done)).doesNotContain("s3cret-value");
    }

    @Test
    void aLateSubscriberGetsTheHistoryThenDoneAndALiveOneSeesProgress() throws Exception {
        harness.createApp("events", "acme/web:1.0", Map.of());
        harness.controllerPaused = true;
        long id = harness.deploy("events");
        List<Event> live = new CopyOnWriteArrayList<>();
        List<Throwable> readerFailure = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                live.addAll(harness.events(id, harness.adminToken));
            } catch (Throwable e) {
                readerFailure.add(e);
            }
        });
        DeployHarness.await("the rollout is tracked", () -> stepNames(harness.get("/api/v1/deployments/" + id,
                harness.adminToken).json()).contains("track rollout:running"));
        harness.controllerPaused = false;
        reader.join(60_000);
        assertThat(readerFailure).isEmpty();

        assertThat(live).extracting(Event::type).contains("log", "step", "progress").last().isEqualTo("done");
        assertThat(live.getLast().data().get("status").asText()).isEqualTo("succeeded");
        assertThat(live).filteredOn(e -> e.type().equals("progress"))
                .anySatisfy(e -> assertThat(e.data().get("service").asText()).isEqualTo("web"));

        List<Event> late = harness.events(id, harness.adminToken);
        assertThat(late).extracting(Event::type).doesNotContain("progress").last().isEqualTo("done");
        assertThat(late).filteredOn(e -> e.type().equals("log")).extracting(e -> e.data().get("line").asText())
                .contains("deployment succeeded");
        assertThat(late).filteredOn(e -> e.type().equals("step")).extracting(e -> e.data().get("name").asText())
                .contains("apply", "track rollout");
    }

    @Test
    void manyConcurrentRequestsAllRunOneAtATimeInOrder() throws Exception {
        harness.createApp("busy", "acme/web:1.0", Map.of());
        List<Thread> clients = new ArrayList<>();
        List<Long> ids = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(Thread.ofVirtual().start(() -> ids.add(harness.deploy("busy"))));
        }
        for (Thread client : clients) {
            client.join();
        }
        assertThat(ids).hasSize(8).doesNotHaveDuplicates();

        List<JsonNode> finished = ids.stream().sorted().map(harness::awaitFinished).toList();

        assertThat(finished).allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("succeeded"));
        for (int i = 1; i < finished.size(); i++) {
            // Started only after the previous one finished: never two at once.
            assertThat(finished.get(i).get("startedAt").asText())
                    .isGreaterThanOrEqualTo(finished.get(i - 1).get("finishedAt").asText());
        }
        JsonNode history = harness.get("/api/v1/apps/busy/deployments?environment=production&limit=50", harness.adminToken).json();
        assertThat(history.get("deployments")).hasSize(8);
    }

    @Test
    void aFailedRolloutFailsWithItsReasonsAndRollsBackAutomatically() {
        harness.createApp("broken", "acme/web:1.0", Map.of("autoRollback", true, "rolloutTimeoutSeconds", 20));
        long good = harness.deploy("broken");
        assertThat(harness.awaitFinished(good).get("status").asText()).isEqualTo("succeeded");
        harness.uploadVersion("broken", "acme/web:broken");

        long bad = harness.deploy("broken");
        JsonNode failed = harness.awaitFinished(bad);

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("detail").asText()).contains("track rollout", "rollout in broken-production failed");
        assertThat(log(failed)).contains("progress deadline exceeded", "CrashLoopBackOff", "exit code 1",
                "automatic rollback: deployment");
        JsonNode history = harness.get("/api/v1/apps/broken/deployments", harness.adminToken).json().get("deployments");
        JsonNode rollback = history.get(0);
        assertThat(rollback.get("rollbackOf").asLong()).isEqualTo(good);
        assertThat(rollback.get("version").asInt()).isEqualTo(1);
        assertThat(harness.awaitFinished(rollback.get("id").asLong()).get("status").asText()).isEqualTo("succeeded");
        assertThat(harness.liveDeployment("broken", "web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("acme/web:1.0");
    }

    @Test
    void anApiServerFailingMidDeployFailsTheDeploymentWithItsJournalAndReleasesTheLease() {
        harness.createApp("flaky", "acme/web:1.0", Map.of());
        harness.cluster.api().fail(ApiServerEmulator.request("PATCH", "/namespaces/flaky-production/deployments/"), 10, 500,
                "InternalError", "etcd is unhappy", Map.of());

        JsonNode failed = harness.awaitFinished(harness.deploy("flaky"));

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(stepNames(failed)).containsExactly("load version 1:done", "provision host components:done",
                "resolve environment:done", "render:done",
                "apply:failed");
        assertThat(failed.get("detail").asText()).contains("step 'apply' failed", "500");
        DeployHarness.await("lease released", () -> harness.server.store().leases().find("flaky", "production").isEmpty());

        harness.cluster.api().clearFaults();
        assertThat(harness.awaitFinished(harness.deploy("flaky")).get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void aFieldConflictFailsTheDeploymentNamingTheOtherManager() {
        harness.createApp("conflict", "acme/web:1.0", Map.of());
        harness.cluster.api().fail(ApiServerEmulator.request("PATCH", "/namespaces/conflict-production/deployments/web"), 1, 409,
                "Conflict", "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas",
                Map.of(".spec.replicas", "conflict with \"kubectl-edit\" using apps/v1"));

        JsonNode failed = harness.awaitFinished(harness.deploy("conflict"));

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("detail").asText()).contains("409", "kubectl-edit");
        assertThat(stepNames(failed)).last().isEqualTo("apply:failed");
        DeployHarness.await("lease released", () -> harness.server.store().leases().find("conflict", "production").isEmpty());
    }

    @Test
    void anApiServerThatDoesNotAnswerInTimeFailsTheDeployment() {
        harness.createApp("slow", "acme/web:1.0", Map.of());
        harness.cluster.api().delay(ApiServerEmulator.request("PATCH", "/namespaces/slow-production/deployments/"), 10,
                java.time.Duration.ofSeconds(5));

        JsonNode failed = harness.awaitFinished(harness.deploy("slow"));

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(stepNames(failed)).last().isEqualTo("apply:failed");
        DeployHarness.await("lease released", () -> harness.server.store().leases().find("slow", "production").isEmpty());
    }

    @Test
    void aRollbackRedeploysTheEarlierDeploymentsVersionAndImages() {
        harness.createApp("back", "acme/web:1.0", Map.of());
        long first = harness.deploy("back");
        harness.awaitFinished(first);
        harness.uploadVersion("back", "acme/web:2.0");
        harness.awaitFinished(harness.deploy("back"));
        assertThat(harness.liveDeployment("back", "web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("acme/web:2.0");

        DeployHarness.Response queued = harness.post("/api/v1/apps/back/rollback", harness.adminToken, Map.of("environment", "production"));

        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        assertThat(queued.json().get("rollbackOf").asLong()).isEqualTo(first);
        JsonNode done = harness.awaitFinished(queued.json().get("id").asLong());
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.get("version").asInt()).isEqualTo(1);
        assertThat(harness.liveDeployment("back", "web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("acme/web:1.0");

        DeployHarness.Response toUnknown = harness.post("/api/v1/apps/back/rollback", harness.adminToken,
                Map.of("environment", "production", "to", 999_999));
        assertThat(toUnknown.status()).isEqualTo(404);
    }

    @Test
    void scalingStaysWithinTheBoundsAndLaterDeploysKeepTheCount() {
        harness.createApp("scaled", "acme/web:1.0", Map.of());
        harness.awaitFinished(harness.deploy("scaled"));

        DeployHarness.Response up = harness.post("/api/v1/apps/scaled/services/web/scale", harness.adminToken,
                Map.of("environment", "production", "replicas", "+2"));
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        assertThat(up.json().get("from").asInt()).isEqualTo(1);
        assertThat(up.json().get("to").asInt()).isEqualTo(3);
        assertThat(up.json().get("max").asInt()).isEqualTo(3);

        DeployHarness.Response tooMany = harness.post("/api/v1/apps/scaled/services/web/scale", harness.adminToken,
                Map.of("environment", "production", "replicas", "5"));
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json().get("message").asText()).contains("between 1 and 3", "got 5");
        DeployHarness.Response malformed = harness.post("/api/v1/apps/scaled/services/web/scale", harness.adminToken,
                Map.of("environment", "production", "replicas", "lots"));
        assertThat(malformed.status()).isEqualTo(422);
        assertThat(harness.liveDeployment("scaled", "web").getSpec().getReplicas()).isEqualTo(3);

        assertThat(harness.awaitFinished(harness.deploy("scaled")).get("status").asText()).isEqualTo("succeeded");
        assertThat(harness.liveDeployment("scaled", "web").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void driftIsReportedAndReappliedWhenTheEnvironmentOptsIn() {
        harness.createApp("drift", "acme/web:1.0", Map.of());
        harness.awaitFinished(harness.deploy("drift"));
        DeploymentService service = harness.server.deployments();
        assertThat(service.checkDrift("drift", "production").objects()).isEmpty();

        harness.kube().apps().deployments().inNamespace("drift-production").withName("web")
                .edit(d -> {
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/web:latest");
                    return d;
                });
        harness.kube().services().inNamespace("drift-production").withName("web").delete();

        DriftReport report = service.checkDrift("drift", "production");

        assertThat(report.objects()).extracting(DriftReport.DriftedObject::kind, DriftReport.DriftedObject::name)
                .contains(org.assertj.core.groups.Tuple.tuple("Deployment", "web"), org.assertj.core.groups.Tuple.tuple("Service", "web"));
        assertThat(report.objects()).anySatisfy(o -> assertThat(o.change()).contains("image"));
        JsonNode status = harness.get("/api/v1/apps/drift/status", harness.adminToken).json();
        assertThat(status.get("drift").get("objects")).hasSize(report.objects().size());
        assertThat(harness.liveDeployment("drift", "web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .as("not re-applied without opting in").isEqualTo("evil/web:latest");

        harness.put("/api/v1/apps/drift/environments/production", harness.adminToken, Map.of("reapplyDrift", true));
        service.checkDrift("drift", "production");

        assertThat(harness.liveDeployment("drift", "web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("acme/web:1.0");
        assertThat(harness.kube().services().inNamespace("drift-production").withName("web").get()).isNotNull();
        assertThat(service.checkDrift("drift", "production").objects()).isEmpty();
    }

    @Test
    void withoutAClusterTheDeployIsRefusedWithAHint() {
        DeployHarness.Response created = harness.post("/api/v1/apps", harness.adminToken,
                Map.of("name", "nocluster", "serviceYml", DeployHarness.serviceYml("acme/web:1.0"), "comment", "v1"));
        assertThat(created.status()).isEqualTo(201);
        harness.put("/api/v1/apps/nocluster/environments/production", harness.adminToken, Map.of("cluster", "elsewhere"));

        JsonNode failed = harness.awaitFinished(harness.deploy("nocluster"));

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("detail").asText()).contains("no cluster named elsewhere");
    }

    @Test
    void anAdminUnlockReleasesTheLeaseStopsTheHolderAndIsAudited() {
        harness.createApp("stuck", "acme/web:1.0", Map.of());
        harness.controllerPaused = true;   // the rollout never finishes by itself
        long id = harness.deploy("stuck");
        DeployHarness.await("the rollout is tracked", () -> stepNames(harness.get("/api/v1/deployments/" + id,
                harness.adminToken).json()).contains("track rollout:running"));
        String deployer = harness.tokenFor("dana", io.maestro.store.auth.Role.DEPLOYER);
        assertThat(harness.post("/api/v1/apps/stuck/environments/production/unlock", deployer, null).status()).isEqualTo(403);

        DeployHarness.Response unlocked = harness.post("/api/v1/apps/stuck/environments/production/unlock", harness.adminToken, null);

        assertThat(unlocked.status()).as(unlocked.toString()).isEqualTo(200);
        assertThat(unlocked.json().get("released").asBoolean()).isTrue();
        assertThat(unlocked.json().get("holder").asText()).isEqualTo(harness.server.deployments().holder());
        JsonNode stopped = harness.awaitFinished(id);
        assertThat(stopped.get("status").asText()).isEqualTo("failed");
        assertThat(stopped.get("detail").asText()).contains("lease was lost");
        assertThat(harness.server.store().audit().forTarget("stuck/production", 10))
                .anySatisfy(e -> assertThat(e.action()).isEqualTo("deployment.lease.force-release"));

        harness.controllerPaused = false;
        assertThat(harness.awaitFinished(harness.deploy("stuck")).get("status").asText()).isEqualTo("succeeded");
    }
}
