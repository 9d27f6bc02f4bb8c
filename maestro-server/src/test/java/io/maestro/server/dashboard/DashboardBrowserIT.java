package io.maestro.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.maestro.kube.testing.MockCluster;
import io.maestro.kube.testing.WorkloadController;
import io.maestro.server.MaestroServer;
import io.maestro.server.ServerConfig;
import io.maestro.server.cluster.ClusterConnector;
import io.maestro.server.deploy.DeployConfig;
import io.maestro.store.app.NewVersion;
import io.maestro.store.auth.Role;
import io.maestro.store.db.NotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against a real control plane whose
 * deploy engine deploys to fabric8's mock API server, with a thread playing the Deployment
 * controller. One browser for the whole class; the steps run in order, as a user would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    private static final String CLUSTER = "mock";

    @TempDir
    static Path home;

    static MockCluster cluster;
    static MaestroServer server;
    static ChromeDriver browser;
    static WebDriverWait wait;
    static Thread controller;
    static volatile boolean stopping;
    static String viewerToken;
    static String deployerToken;

    @BeforeAll
    static void start() {
        cluster = MockCluster.start(Duration.ofSeconds(5));
        server = MaestroServer.start(new ServerConfig(0, home, null), new PrintStream(OutputStream.nullOutputStream()),
                connector(), DeployConfig.defaults().withLeaseTime(Duration.ofSeconds(5))
                        .withPollInterval(Duration.ofMillis(200)).withDriftInterval(Duration.ZERO));
        controller = Thread.ofPlatform().daemon().name("test-deployment-controller").start(DashboardBrowserIT::playController);
        server.store().users().create("vera", Role.VIEWER);
        viewerToken = server.store().tokens().issue("vera").value();
        server.store().users().create("dora", Role.DEPLOYER);
        deployerToken = server.store().tokens().issue("dora").value();
        server.store().applications().create("shop");
        server.store().versions().add("shop", new NewVersion(DashboardServer.SERVICE_YML, null, "first cut", "dora"));
        server.store().versions().add("shop", new NewVersion(DashboardServer.SERVICE_YML.replace("web:1.0", "web:1.1"),
                null, "web 1.1", "dora"));
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        stopping = true;
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                cluster.close();
            }
        }
    }

    static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    @Order(1)
    void aBrowserWithoutASessionIsSentToTheLoginForm() {
        browser.get(url("/apps/shop"));
        assertThat(browser.getCurrentUrl()).startsWith(url("/login?next="));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Log in");
    }

    @Test
    @Order(2)
    void aBadTokenIsRefusedOnTheLoginForm() {
        logIn("maestro_" + "x".repeat(43));
        assertThat(browser.findElement(By.id("login-error")).getText()).isEqualTo("That token is unknown or revoked.");
        assertThat(browser.manage().getCookieNamed("maestro_session")).isNull();
    }

    @Test
    @Order(3)
    void aViewerLandsOnThePageTheyAskedForAndSeesVersionsButNoButtons() {
        browser.get(url("/apps/shop"));
        logIn(viewerToken);
        wait.until(ExpectedConditions.urlToBe(url("/apps/shop")));
        assertThat(browser.findElement(By.id("user")).getText()).isEqualTo("vera");
        assertThat(texts(By.cssSelector("#versions tbody tr td:nth-child(2)"))).containsExactly("web 1.1", "first cut");
        assertThat(texts(By.cssSelector("#services tbody tr td:first-child"))).containsExactly("web", "worker");
        assertThat(browser.findElement(By.cssSelector("#services tr[data-service=worker] .desired")).getText()).isEqualTo("3");
        assertThat(browser.findElements(By.id("deploy"))).isEmpty();
        assertThat(browser.findElements(By.id("rollback"))).isEmpty();
        assertThat(browser.manage().getCookieNamed("maestro_session").isHttpOnly()).isTrue();
    }

    @Test
    @Order(4)
    void theApplicationsListShowsTheApplication() {
        browser.findElement(By.linkText("Applications")).click();
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#apps tr[data-app=shop]")));
        assertThat(row.findElement(By.cssSelector(".version")).getText()).isEqualTo("2");
        assertThat(row.findElement(By.cssSelector(".last-deployment")).getText()).isEqualTo("never deployed");
    }

    @Test
    @Order(5)
    void logoutEndsTheSession() {
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlToBe(url("/login")));
        browser.get(url("/"));
        assertThat(browser.getCurrentUrl()).startsWith(url("/login"));
    }

    @Test
    @Order(6)
    void aDeployerDeploysAndTheLiveLogFollowsTheDeploymentToTheEnd() {
        logIn(deployerToken);
        wait.until(ExpectedConditions.urlToBe(url("/")));
        browser.findElement(By.linkText("shop")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("deploy"))).click();

        wait.until(ExpectedConditions.urlMatches("/deployments/\\d+$"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Deployment ");
        long id = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/", ""));
        // Lines arrive over server-sent events while the page stays open.
        wait.until(d -> !d.findElements(By.cssSelector("#log .line")).isEmpty());
        try {
            new WebDriverWait(browser, Duration.ofSeconds(90)).until(ExpectedConditions.textToBe(By.id("live"), "finished"));
        } catch (TimeoutException e) {
            throw new AssertionError("the page did not see the deployment finish; server: "
                    + server.deployments().find(id) + "; page log:\n" + browser.findElement(By.id("log")).getText()
                    + "\nsteps:\n" + browser.findElement(By.id("steps")).getText(), e);
        }
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("succeeded");
        screenshot("deployment");
        assertThat(browser.findElements(By.cssSelector("#log .line"))).hasSizeGreaterThan(1);
        assertThat(texts(By.cssSelector("#steps li"))).isNotEmpty().allSatisfy(step -> assertThat(step).startsWith("done"));

        browser.findElement(By.linkText("shop")).click();
        WebElement deployment = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#deployments tbody tr")));
        assertThat(deployment.getText()).contains("production").contains("succeeded").contains("dora");
        assertThat(browser.findElement(By.id("status-note")).getText()).contains("as cluster mock reports them");
        assertThat(browser.findElement(By.cssSelector("#services tr[data-service=worker] .ready")).getText()).isEqualTo("3");
        screenshot("application");
    }

    @Test
    @Order(7)
    void aRollbackWithNothingToRollBackToIsRefusedWithTheEnginesReason() {
        browser.findElement(By.id("rollback")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "409 Conflict"));
        assertThat(browser.findElement(By.id("error-message")).getText()).contains("no earlier one to roll back to");
        assertThat(server.deployments().history("shop", Optional.empty(), 10)).hasSize(1);
    }

    @Test
    @Order(8)
    void theBuildsPageListsBuildsWithAChartOfMinutesAndABuildPageFollowsItsLiveLog() {
        var store = server.store();
        long done = store.builds().enqueue(new io.maestro.store.build.NewBuild("default", "shop", "web",
                io.maestro.store.build.BuildKind.BUILD, "https://git.example/shop.git", "main", "dora")).id();
        store.builds().start(done);
        store.builds().succeed(done, "c0ffee".repeat(6) + "c0ff", "127.0.0.1:5000/shop/web:tag", "sha256:00", 95, "pushed");
        store.buildMinutes().record("default", "build-" + done, "build", java.time.Instant.now(), 95);
        // A build the page follows live: running in the store, ended below by a cancel through the service.
        long running = store.builds().enqueue(new io.maestro.store.build.NewBuild("default", "shop", "web",
                io.maestro.store.build.BuildKind.BUILD, "https://git.example/shop.git", "main", "dora")).id();
        store.builds().start(running);
        store.builds().appendLog(running, "Cloning https://git.example/shop.git (branch main)");
        store.builds().appendLog(running, "STEP 1/2: FROM scratch");

        browser.findElement(By.linkText("Builds")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Builds"));
        assertThat(browser.findElement(By.cssSelector("#builds tbody")).getText()).contains("shop", "web", "succeeded", "95 s", "running");
        assertThat(browser.findElement(By.id("plan")).getText()).isEqualTo("free");
        assertThat(browser.findElement(By.id("used")).getText()).isEqualTo("2");
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(browser.findElement(By.cssSelector("#chart rect.bar[data-day='" + today + "']")).getAttribute("data-minutes"))
                .isEqualTo("1.59");
        screenshot("builds");

        browser.findElement(By.linkText(String.valueOf(running))).click();
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
        wait.until(d -> texts(By.cssSelector("#log .line")).stream().anyMatch(line -> line.contains("STEP 1/2: FROM scratch")));
        server.builds().cancel(running, new io.maestro.store.audit.Actor("dora", null));
        wait.until(ExpectedConditions.textToBe(By.id("live"), "finished"));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("cancelled");
        assertThat(texts(By.cssSelector("#log .line"))).anyMatch(line -> line.contains("Build cancelled by dora"));
        screenshot("build");

        browser.get(url("/builds/" + done));
        assertThat(browser.findElement(By.id("image")).getText()).isEqualTo("127.0.0.1:5000/shop/web:tag");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("succeeded");
    }

    @Test
    @Order(9)
    void theDeployerLogsOut() {
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlToBe(url("/login")));
        assertThat(browser.manage().getCookieNamed("maestro_session")).isNull();
    }

    private static void logIn(String token) {
        WebElement field = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("login")).click();
    }

    /** Keeps what the page looked like in target/dashboard-screenshots, for a person to look at. */
    private static void screenshot(String name) {
        try {
            Path folder = Path.of("target", "dashboard-screenshots");
            Files.createDirectories(folder);
            Files.write(folder.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> texts(By by) {
        return browser.findElements(by).stream().map(WebElement::getText).toList();
    }

    /** Opens a new client to the mock for each call, as the cluster registry does for a real cluster. */
    private static ClusterConnector connector() {
        return new ClusterConnector() {
            @Override
            public KubernetesClient connect(String name) {
                if (!CLUSTER.equals(name)) {
                    throw new NotFoundException("no cluster named " + name);
                }
                return new KubernetesClientBuilder()
                        .withConfig(new ConfigBuilder(cluster.client().getConfiguration()).build()).build();
            }

            @Override
            public List<String> clusterNames() {
                return List.of(CLUSTER);
            }
        };
    }

    /**
     * The Deployment controller: a new generation first reports one updated replica and none
     * ready, then, on the next round, a finished rollout, so the page sees progress before the end.
     */
    private static void playController() {
        Set<String> started = ConcurrentHashMap.newKeySet();
        Set<String> rolledOut = ConcurrentHashMap.newKeySet();
        KubernetesClient kube = cluster.client();
        while (!stopping) {
            try {
                Thread.sleep(150);
                for (Deployment d : kube.apps().deployments().inAnyNamespace().list().getItems()) {
                    long generation = d.getMetadata().getGeneration() == null ? 1 : d.getMetadata().getGeneration();
                    String name = d.getMetadata().getName();
                    String key = d.getMetadata().getNamespace() + "/" + name + "/" + generation;
                    if (rolledOut.contains(key)) {
                        continue;
                    }
                    WorkloadController workloads = new WorkloadController(kube, d.getMetadata().getNamespace());
                    if (started.add(key)) {
                        workloads.progress(name, 1, 0, 0, 0);
                    } else {
                        workloads.rollOut(name);
                        rolledOut.add(key);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // changed meanwhile: the next round sees the new state
            }
        }
    }
}
