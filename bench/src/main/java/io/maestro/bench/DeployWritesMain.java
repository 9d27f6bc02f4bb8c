package io.maestro.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.maestro.kube.apply.Applier;
import io.maestro.kube.apply.ApplyReport;
import io.maestro.kube.testing.ApiServerEmulator;
import io.maestro.kube.testing.MockCluster;
import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.env.EnvResolver;
import io.maestro.model.source.Diagnostics;
import io.maestro.plan.kube.KubernetesRenderer;
import io.maestro.plan.kube.RenderOptions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a deploy costs on the API server, against fabric8's mock API server in CRUD mode (with
 * the tests' server-side-apply emulator), in one run:
 * <ul>
 *   <li>write calls: a no-op redeploy of a 50-service application, and a redeploy after one
 *       service's image changed (counted on the mock);</li>
 *   <li>throughput: the first deploy of a 200-service application through {@link Applier}
 *       (server-side apply, inventory, hash annotations), time per object, against a baseline of
 *       plain fabric8 {@code create()} calls for the same objects on the same mock.</li>
 * </ul>
 *
 * <pre>java -cp bench/target/benchmarks.jar io.maestro.bench.DeployWritesMain [rounds]</pre>
 */
public final class DeployWritesMain {

    private DeployWritesMain() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (MockCluster cluster = MockCluster.start(Duration.ofSeconds(60))) {
            writeCounts(cluster);
            throughput(cluster, rounds);
        }
    }

    private static void writeCounts(MockCluster cluster) {
        List<HasMetadata> objects = render(AppGenerator.generate(50, 7).serviceYml(), AppGenerator.generate(50, 7), "writes");
        Applier applier = Applier.create(cluster.client());
        ApplyReport first = applier.apply("writes-production", objects);
        int firstWrites = cluster.api().writes().size();
        cluster.api().clearLog();
        applier.apply("writes-production", objects);
        int noOpWrites = cluster.api().writes().size();
        cluster.api().clearLog();

        AppGenerator.App app = AppGenerator.generate(50, 7);
        String firstImage = firstImage(app.serviceYml());
        String changed = app.serviceYml().replaceFirst("image: " + java.util.regex.Pattern.quote(firstImage),
                "image: " + firstImage + "-changed");
        applier.apply("writes-production", render(changed, app, "writes"));
        List<String> changedWrites = cluster.api().writes().stream().map(ApiServerEmulator.Request::resourcePath).toList();
        System.out.printf(Locale.ROOT, "50 services, %d objects: first deploy %d writes, no-op redeploy %d writes,"
                + " one image changed %d writes:%n", first.changes().size(), firstWrites, noOpWrites, changedWrites.size());
        changedWrites.forEach(path -> System.out.println("  " + path));
    }

    private static void throughput(MockCluster cluster, int rounds) {
        AppGenerator.App app = AppGenerator.generate(200, 11);
        KubernetesClient client = cluster.client();
        // Warm-up: class loading, JIT, connection pool.
        Applier.create(client).apply("warmup-production", render(app.serviceYml(), app, "warmup"));
        plainCreate(client, "warmplain-production", render(app.serviceYml(), app, "warmplain"));
        int size = render(app.serviceYml(), app, "size").size();
        System.out.printf(Locale.ROOT, "%n200 services, %d objects per deploy, %d rounds%n", size, rounds);
        System.out.println("| round | maestro apply (ms) | plain create (ms) | maestro ms/object | plain ms/object | ratio |");
        System.out.println("|---|---|---|---|---|---|");
        double[] ratios = new double[rounds];
        for (int round = 1; round <= rounds; round++) {
            List<HasMetadata> forMaestro = render(app.serviceYml(), app, "maestro" + round);
            List<HasMetadata> forPlain = render(app.serviceYml(), app, "plain" + round);
            long start = System.nanoTime();
            Applier.create(client).apply("maestro" + round + "-production", forMaestro);
            double maestro = (System.nanoTime() - start) / 1e6;
            start = System.nanoTime();
            plainCreate(client, "plain" + round + "-production", forPlain);
            double plain = (System.nanoTime() - start) / 1e6;
            ratios[round - 1] = maestro / plain;
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.2f | %.2f | %.2f |%n", round, maestro, plain,
                    maestro / size, plain / size, maestro / plain);
        }
        java.util.Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "median ratio maestro/plain: %.2f%n", ratios[rounds / 2]);
    }

    /** The baseline: the namespace, then each object created with one POST, no inventory, no hashes. */
    private static void plainCreate(KubernetesClient client, String namespace, List<HasMetadata> objects) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        for (HasMetadata object : objects) {
            if (object.getKind().equals("Namespace")) {
                continue;
            }
            client.resource(object).create();
        }
    }

    private static List<HasMetadata> render(String serviceYml, AppGenerator.App app, String appName) {
        AppDefinition definition = DefinitionLoader.create().loadCollecting(
                Source.text("service.yml", serviceYml), Optional.of(Source.text("manifest.yml", app.manifestYml())),
                AppGenerator.ENVIRONMENT, new Diagnostics());
        return KubernetesRenderer.render(definition, EnvResolver.resolve(definition, AppGenerator.ENVIRONMENT),
                new RenderOptions(appName, AppGenerator.ENVIRONMENT, false));
    }

    private static String firstImage(String serviceYml) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("image: (\\S+)").matcher(serviceYml);
        if (!m.find()) {
            throw new IllegalStateException("the generated application has no image: service");
        }
        return m.group(1);
    }
}
