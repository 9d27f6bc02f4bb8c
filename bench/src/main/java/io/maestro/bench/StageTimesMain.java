package io.maestro.bench;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.env.EnvResolver;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.model.source.Diagnostics;
import io.maestro.plan.kube.KubeSerializer;
import io.maestro.plan.kube.KubernetesRenderer;
import io.maestro.plan.kube.RenderOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Splits the pipeline that {@link PipelineBenchmark} measures as a whole into its stages (load and
 * validate, resolve references, render with object checks, write YAML) and prints the median time
 * of each at 100 and 1,000 services, so that growth can be attributed to a stage. Both sizes are
 * warmed up before either is measured; JMH remains the measurement of record.
 *
 * <pre>{@code java -Xmx1g -cp bench/target/benchmarks.jar io.maestro.bench.StageTimesMain}</pre>
 */
public final class StageTimesMain {

    private static final String[] STAGES = {"load+validate", "resolve", "render+checks", "yaml"};

    private StageTimesMain() {}

    public static void main(String[] args) {
        AppGenerator.App small = AppGenerator.generate(100, 42);
        AppGenerator.App large = AppGenerator.generate(1000, 42);
        for (int i = 0; i < 40; i++) {
            stages(small);
        }
        for (int i = 0; i < 6; i++) {
            stages(large);
        }
        double[] smallMedians = medians(small, 60);
        double[] largeMedians = medians(large, 12);
        System.out.printf("%-14s %10s %10s %7s%n", "stage", "100 (ms)", "1000 (ms)", "growth");
        for (int s = 0; s < STAGES.length; s++) {
            System.out.printf("%-14s %10.1f %10.1f %6.1fx%n", STAGES[s], smallMedians[s], largeMedians[s],
                    largeMedians[s] / smallMedians[s]);
        }
        double smallTotal = Arrays.stream(smallMedians).sum();
        double largeTotal = Arrays.stream(largeMedians).sum();
        System.out.printf("%-14s %10.1f %10.1f %6.1fx%n", "total", smallTotal, largeTotal, largeTotal / smallTotal);
    }

    private static double[] medians(AppGenerator.App app, int rounds) {
        List<long[]> samples = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            samples.add(stages(app));
        }
        double[] medians = new double[STAGES.length];
        for (int s = 0; s < STAGES.length; s++) {
            int stage = s;
            long[] sorted = samples.stream().mapToLong(sample -> sample[stage]).sorted().toArray();
            medians[s] = sorted[sorted.length / 2] / 1e6;
        }
        return medians;
    }

    private static long[] stages(AppGenerator.App app) {
        long start = System.nanoTime();
        AppDefinition definition = DefinitionLoader.create().loadCollecting(
                Source.text("service.yml", app.serviceYml()),
                Optional.of(Source.text("manifest.yml", app.manifestYml())),
                AppGenerator.ENVIRONMENT, new Diagnostics());
        long loaded = System.nanoTime();
        ResolvedEnvironment environment = EnvResolver.resolve(definition, AppGenerator.ENVIRONMENT);
        long resolved = System.nanoTime();
        List<HasMetadata> objects = KubernetesRenderer.render(definition, environment,
                new RenderOptions("bench", AppGenerator.ENVIRONMENT, false));
        long rendered = System.nanoTime();
        String yaml = KubeSerializer.toYaml(objects);
        long written = System.nanoTime();
        if (yaml.isEmpty()) {
            throw new IllegalStateException("nothing rendered");
        }
        return new long[] {loaded - start, resolved - loaded, rendered - resolved, written - rendered};
    }
}
