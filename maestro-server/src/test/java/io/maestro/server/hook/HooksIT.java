package io.maestro.server.hook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.maestro.kube.testing.MockCluster;
import io.maestro.server.MaestroServer;
import io.maestro.server.ServerConfig;
import io.maestro.server.cluster.ClusterConnector;
import io.maestro.server.deploy.DeployConfig;
import io.maestro.server.deploy.DeployRequest;
import io.maestro.store.app.NewVersion;
import io.maestro.store.audit.Actor;
import io.maestro.store.audit.AuditEntry;
import io.maestro.store.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redeploy hooks and git push webhooks against a real control plane (SQLite, a mock Kubernetes
 * API server as the deploy target), with real HMAC signatures.
 */
class HooksIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADMIN_LINE = Pattern.compile("(?m)^admin token: (\\S+)$");
    private static final String COMMIT = "1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5";
    static final String SERVICE_YML = """
            version: 2
            services:
              web:
                git_url: https://github.com/Acme/Shop.git
                git_branch: main
                ports:
                  - container: 3000
                    http: 80
              worker:
                git_url: git@github.com:acme/shop.git
                git_branch: main
              docs:
                git_url: https://gitlab.com/acme/docs.git
                git_branch: main
              cache:
                image: redis:7
            """;
    private static final String PLAIN_YML = """
            version: 2
            services:
              web:
                image: acme/web:1.0
                ports:
                  - container: 3000
                    http: 80
            """;

    private static MockCluster cluster;

    @TempDir
    Path home;

    private MaestroServer server;
    private String admin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.start(Duration.ofSeconds(3));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void start() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClusterConnector connector = new ClusterConnector() {
            @Override
            public KubernetesClient connect(String name) {
                return new KubernetesClientBuilder().withConfig(new ConfigBuilder(cluster.client().getConfiguration()).build()).build();
            }

            @Override
            public List<String> clusterNames() {
                return List.of("mock");
            }
        };
        server = MaestroServer.start(new ServerConfig(0, home, null), new PrintStream(out, true, StandardCharsets.UTF_8),
                connector, DeployConfig.defaults().withDriftInterval(Duration.ZERO));
        Matcher m = ADMIN_LINE.matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).isTrue();
        admin = m.group(1);
        createApp("shop", SERVICE_YML);
        createApp("plain", PLAIN_YML);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void createApp(String name, String serviceYml) {
        server.store().inTransaction(() -> {
            server.store().applications().create(name);
            return server.store().versions().add(name, new NewVersion(serviceYml, null, "first", "admin"));
        });
    }

    // --- redeploy hooks ----------------------------------------------------------------------------

    @Test
    void aRedeployHookUrlQueuesADeploymentOfTheLatestVersionToItsEnvironment() {
        Response created = send("POST", "/api/v1/apps/plain/hooks", admin, "{\"environment\":\"staging\"}", Map.of());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String url = created.json().path("url").asText();
        String prefix = created.json().path("prefix").asText();
        assertThat(url).startsWith("http://127.0.0.1:" + server.port() + "/hooks/redeploy/plain/" + prefix);

        Response called = post(URI.create(url).getPath(), "", Map.of());

        assertThat(called.status()).as(called.toString()).isEqualTo(202);
        assertThat(called.json().path("environment").asText()).isEqualTo("staging");
        assertThat(called.json().path("version").asInt()).isEqualTo(1);
        assertThat(called.json().path("requestedBy").asText()).isEqualTo("hook " + prefix);
        assertThat(server.deployments().history("plain", java.util.Optional.of("staging"), 10)).hasSize(1);
        assertThat(server.store().audit().forTarget("plain/staging", 10)).extracting(AuditEntry::action)
                .contains("hook.create", "deployment.request");
        // The token is in the answer to its creation only.
        Response listed = send("GET", "/api/v1/apps/plain/hooks", admin, null, Map.of());
        assertThat(listed.body()).contains(prefix).doesNotContain(url.substring(url.lastIndexOf('/') + 1));
        assertThat(listed.json().path("hooks").get(0).path("lastUsedAt").isTextual()).isTrue();
    }

    @Test
    void aWrongRevokedOrOtherApplicationsTokenAnswers404AlikeAndIsAudited() {
        String url = send("POST", "/api/v1/apps/plain/hooks", admin, "", Map.of()).json().path("url").asText();
        String path = URI.create(url).getPath();
        String token = path.substring(path.lastIndexOf('/') + 1);
        String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");

        Response wrong = post("/hooks/redeploy/plain/" + tampered, "", Map.of());
        Response otherApp = post("/hooks/redeploy/shop/" + token, "", Map.of());
        Response noApp = post("/hooks/redeploy/nothing/" + token, "", Map.of());
        Response garbage = post("/hooks/redeploy/plain/garbage", "", Map.of());
        assertThat(List.of(wrong, otherApp, noApp, garbage)).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.json().path("message").asText()).isEqualTo("no such redeploy hook");
        });
        assertThat(server.store().audit().forTarget("plain", 10)).extracting(AuditEntry::action).contains("hook.refused");

        String prefix = token.substring(0, 14);
        assertThat(send("DELETE", "/api/v1/apps/plain/hooks/" + prefix, admin, null, Map.of()).status()).isEqualTo(204);
        assertThat(post(path, "", Map.of()).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/apps/plain/hooks/" + prefix, admin, null, Map.of()).status()).isEqualTo(404);
        assertThat(server.deployments().history("plain", java.util.Optional.empty(), 10)).isEmpty();
    }

    @Test
    void onlyAdminsCreateHooksAndAnUnknownQueryParameterIsRefused() {
        String viewer = server.store().tokens().issue(userWith(Role.VIEWER)).value();
        assertThat(send("POST", "/api/v1/apps/plain/hooks", viewer, "", Map.of()).status()).isEqualTo(403);
        assertThat(send("PUT", "/api/v1/apps/plain/webhook-secret", viewer, null, Map.of()).status()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/apps/plain/hooks", viewer, null, Map.of()).status()).isEqualTo(200);

        String url = send("POST", "/api/v1/apps/plain/hooks", admin, "", Map.of()).json().path("url").asText();
        Response typo = post(URI.create(url).getPath() + "?service=web", "", Map.of());
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().path("message").asText()).contains("unknown query parameter 'service'");
        assertThat(server.deployments().history("plain", java.util.Optional.empty(), 10)).isEmpty();
    }

    @Test
    void hookCallsAreRateLimitedPerRemoteAddress() {
        int refused = 0;
        Response last = null;
        for (int i = 0; i < 61; i++) {
            last = post("/hooks/redeploy/plain/garbage", "", Map.of());
            refused += last.status() == 429 ? 1 : 0;
        }
        assertThat(refused).isEqualTo(1);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.json().path("error").asText()).isEqualTo("rate_limited");
    }

    // --- git push webhooks ------------------------------------------------------------------------

    @Test
    void aGithubPushWithABadSignatureIs401AndAudited() {
        String secret = webhookSecret("shop");
        byte[] body = githubPush("https://github.com/acme/shop.git", "refs/heads/main", COMMIT);

        Response forged = post("/hooks/git/shop", body, github("d-1", WebhookSignature.github("not-the-secret", body)));
        Response unsigned = post("/hooks/git/shop", body, Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "d-2"));
        Response noHeaders = post("/hooks/git/shop", new String(body, StandardCharsets.UTF_8), Map.of());
        Response noApp = post("/hooks/git/nothing", body, github("d-3", WebhookSignature.github(secret, body)));

        assertThat(List.of(forged, unsigned, noHeaders, noApp)).allSatisfy(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            assertThat(r.json().path("error").asText()).isEqualTo("unauthorized");
        });
        assertThat(server.store().audit().forTarget("shop", 10)).extracting(AuditEntry::action).contains("webhook.refused");
        // A body changed after signing does not verify either.
        byte[] changed = githubPush("https://github.com/acme/shop.git", "refs/heads/main", COMMIT.replace('1', '9'));
        assertThat(post("/hooks/git/shop", changed, github("d-4", WebhookSignature.github(secret, body))).status()).isEqualTo(401);
    }

    @Test
    void aSignedGithubPushForAnotherBranchDeploysNothingAndItsReplayIs409() {
        String secret = webhookSecret("shop");
        byte[] body = githubPush("https://github.com/acme/shop.git", "refs/heads/feature", COMMIT);
        Map<String, String> headers = github("d-10", WebhookSignature.github(secret, body));

        Response first = post("/hooks/git/shop", body, headers);
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(first.json().path("deployed").asBoolean()).isFalse();
        assertThat(first.json().path("reason").asText())
                .contains("branch feature").contains("web (https://github.com/Acme/Shop.git main)");

        Response replay = post("/hooks/git/shop", body, headers);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(409);
        assertThat(replay.json().path("error").asText()).isEqualTo("replayed");

        byte[] ping = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> pingHeaders = new LinkedHashMap<>(github("d-11", WebhookSignature.github(secret, ping)));
        pingHeaders.put("X-GitHub-Event", "ping");
        Response pinged = post("/hooks/git/shop", ping, pingHeaders);
        assertThat(pinged.status()).isEqualTo(202);
        assertThat(pinged.json().path("reason").asText()).isEqualTo("event ping is not a push");
    }

    @Test
    void aSignedMatchingPushDeploysTheMatchedServicesAtTheCommitOnce() {
        String secret = webhookSecret("shop");
        byte[] body = githubPush("git@github.com:ACME/shop", "refs/heads/main", COMMIT);

        Response queued = post("/hooks/git/shop", body, github("d-20", WebhookSignature.github(secret, body)));
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        assertThat(queued.json().path("deployed").asBoolean()).isTrue();
        long id = queued.json().path("deployment").path("id").asLong();
        assertThat(server.store().deploymentOptions().find(id)).get()
                .satisfies(options -> assertThat(options.serviceRefs())
                        .containsEntry("web", COMMIT).containsEntry("worker", COMMIT).doesNotContainKey("docs"));

        Response again = post("/hooks/git/shop", body, github("d-21", WebhookSignature.github(secret, body)));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("deployment").path("id").asLong()).isEqualTo(id);
    }

    @Test
    void aGitlabPushIsAuthenticatedByItsTokenAndMatchedOnItsProject() {
        String secret = webhookSecret("shop");
        byte[] body = gitlabPush("https://gitlab.com/acme/docs.git", "git@gitlab.com:acme/docs.git", "refs/heads/develop", COMMIT);

        Response wrong = post("/hooks/git/shop", body, gitlab("g-1", secret + "x"));
        assertThat(wrong.status()).isEqualTo(401);

        Response accepted = post("/hooks/git/shop", body, gitlab("g-2", secret));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().path("reason").asText()).contains("branch develop");
        assertThat(post("/hooks/git/shop", body, gitlab("g-2", secret)).status()).isEqualTo(409);
    }

    @Test
    void aRotatedSecretReplacesTheOldOne() {
        String old = webhookSecret("shop");
        String current = webhookSecret("shop");
        assertThat(current).isNotEqualTo(old).hasSize(64);
        byte[] body = githubPush("https://github.com/acme/shop", "refs/tags/v1", COMMIT);

        assertThat(post("/hooks/git/shop", body, github("d-30", WebhookSignature.github(old, body))).status()).isEqualTo(401);
        Response tag = post("/hooks/git/shop", body, github("d-31", WebhookSignature.github(current, body)));
        assertThat(tag.status()).isEqualTo(202);
        assertThat(tag.json().path("reason").asText()).isEqualTo("ref refs/tags/v1 is not a branch");
        assertThat(server.store().secrets().names("shop", HookRoutes.SECRET_SCOPE)).containsExactly("secret");
    }

    // --- one deployment per commit (the engine's request, without the build options it refuses today) ---

    @Test
    void duplicateTriggersForOneCommitCreateOneDeploymentAndAnswerItsId() throws Exception {
        DeployQueue plainRequests = (app, request, actor) -> server.deployments().request(app,
                DeployRequest.of(request.environment(), request.version()), actor);
        GitPushHandler handler = new GitPushHandler(server.store(), plainRequests);
        Actor actor = new Actor("github webhook", "127.0.0.1");

        PushOutcome first = handler.handle("shop", "production", push("d-40", COMMIT), actor);
        assertThat(first).isInstanceOfSatisfying(PushOutcome.Queued.class,
                q -> assertThat(q.services()).containsExactly("web", "worker"));
        long id = ((PushOutcome.Queued) first).deployment().id();

        assertThat(handler.handle("shop", "production", push("d-41", COMMIT), actor)).isEqualTo(new PushOutcome.Duplicate(id));
        assertThat(handler.handle("shop", "production", push("d-41", COMMIT), actor)).isInstanceOf(PushOutcome.Replayed.class);

        // Many deliveries of one new commit at once: one deployment, every other answer names it.
        String next = "ffeeddccbbaa99887766554433221100ffeeddcc";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PushOutcome>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String delivery = "d-5" + i;
                answers.add(pool.submit((Callable<PushOutcome>) () -> handler.handle("shop", "production", push(delivery, next), actor)));
            }
            List<PushOutcome> outcomes = new ArrayList<>();
            for (Future<PushOutcome> answer : answers) {
                outcomes.add(answer.get());
            }
            List<PushOutcome.Queued> queued = outcomes.stream().filter(PushOutcome.Queued.class::isInstance)
                    .map(PushOutcome.Queued.class::cast).toList();
            assertThat(queued).hasSize(1);
            assertThat(outcomes).filteredOn(PushOutcome.Duplicate.class::isInstance)
                    .containsOnly(new PushOutcome.Duplicate(queued.get(0).deployment().id())).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.deployments().history("shop", java.util.Optional.of("production"), 10)).hasSize(2);
        // Another environment is another deployment of the same commit.
        assertThat(handler.handle("shop", "staging", push("d-60", COMMIT), actor)).isInstanceOf(PushOutcome.Queued.class);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private WebhookEvent push(String delivery, String commit) {
        return new WebhookEvent.Push(new GitPush("github", delivery, List.of("https://github.com/acme/shop.git"),
                "refs/heads/main", java.util.Optional.of(commit), java.util.Optional.of("main")));
    }

    private String userWith(Role role) {
        String name = "user-" + role.name().toLowerCase();
        server.store().users().create(name, role);
        return name;
    }

    private String webhookSecret(String app) {
        Response rotated = send("PUT", "/api/v1/apps/" + app + "/webhook-secret", admin, null, Map.of());
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(rotated.json().path("url").asText()).endsWith("/hooks/git/" + app);
        return rotated.json().path("secret").asText();
    }

    static byte[] githubPush(String cloneUrl, String ref, String after) {
        Map<String, Object> repository = new LinkedHashMap<>();
        repository.put("clone_url", cloneUrl);
        repository.put("ssh_url", "git@github.com:someone/else.git");
        repository.put("default_branch", "main");
        return json(Map.of("ref", ref, "after", after, "repository", repository));
    }

    static byte[] gitlabPush(String httpUrl, String sshUrl, String ref, String sha) {
        return json(Map.of("object_kind", "push", "ref", ref, "checkout_sha", sha,
                "project", Map.of("git_http_url", httpUrl, "git_ssh_url", sshUrl, "default_branch", "main")));
    }

    private static Map<String, String> github(String delivery, String signature) {
        return Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", delivery, "X-Hub-Signature-256", signature);
    }

    private static Map<String, String> gitlab(String delivery, String token) {
        return Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Event-UUID", delivery, "X-Gitlab-Token", token);
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response post(String path, byte[] body, Map<String, String> headers) {
        return sendBytes("POST", path, null, body, headers);
    }

    private Response post(String path, String body, Map<String, String> headers) {
        return send("POST", path, null, body, headers);
    }

    private Response send(String method, String path, String token, String body, Map<String, String> headers) {
        return sendBytes(method, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private Response sendBytes(String method, String path, String token, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.header("Content-Type", "application/json");
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("expected a JSON body, got: " + body, e);
            }
        }
    }
}
