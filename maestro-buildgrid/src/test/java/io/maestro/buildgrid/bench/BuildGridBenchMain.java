package io.maestro.buildgrid.bench;

import io.maestro.buildgrid.Cancellation;
import io.maestro.buildgrid.LogListener;
import io.maestro.buildgrid.image.Buildah;
import io.maestro.buildgrid.image.BuildRequest;
import io.maestro.buildgrid.image.BuildResult;
import io.maestro.buildgrid.image.Builder;
import io.maestro.buildgrid.image.ImageRef;
import io.maestro.buildgrid.minutes.BillingPeriod;
import io.maestro.buildgrid.minutes.BuildMinutesLedger;
import io.maestro.buildgrid.minutes.MeteredBuild;
import io.maestro.buildgrid.minutes.Plan;
import io.maestro.buildgrid.queue.BuildQueue;
import io.maestro.buildgrid.queue.QueuedBuild;
import io.maestro.buildgrid.registry.LocalRegistry;
import io.maestro.buildgrid.source.BuildSource;
import io.maestro.buildgrid.source.GitSource;
import io.maestro.buildgrid.testing.GitRepository;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.LocalExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * BuildGrid benchmark, run by {@code bench/buildgrid}. In one run, on the same repository and the
 * same buildah storage:
 * <ol>
 * <li>orchestration overhead: {@code Builder.build} (fetch into the repository's mirror and checkout of
 *     the exact commit, env substitution, bud, push) against
 *     raw {@code buildah bud} + {@code buildah push} of the same context, each after a one-file
 *     change so both rebuild the last layer; rounds alternate which goes first;</li>
 * <li>cached rebuild after a one-file change against a cold build in an empty buildah storage;</li>
 * <li>four builds through a {@code BuildQueue} with 1 and with 2 workers: wall time, throughput, queue wait.</li>
 * </ol>
 * Prints medians and ratios as a Markdown table.
 */
public final class BuildGridBenchMain {

    private static final String DOCKERFILE = """
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do /bin/busybox md5sum /bin/busybox; done > /sums"]
            COPY page.txt /page.txt
            """;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path temp = Files.createTempDirectory("maestro-buildgrid-bench-");
        Buildah warm = Buildah.storedIn(temp.resolve("buildah-warm"));
        List<Buildah> storages = new ArrayList<>(List.of(warm));
        try (LocalRegistry registry = LocalRegistry.start(temp.resolve("registry"), Duration.ofSeconds(30))) {
            GitRepository repo = GitRepository.init(temp.resolve("repo")).withBusybox("busybox")
                    .write("page.txt", "start\n").write("Dockerfile", DOCKERFILE);
            repo.commit("start");
            // As in the control plane: a bare mirror per repository, kept between builds (BuildService's buildgrid/git).
            GitSource git = new GitSource(new LocalExecutor(), Duration.ofMinutes(2)).allowingLocalRepositories()
                    .withMirrors(temp.resolve("git"));
            Builder builder = new Builder(git, warm, registry.address(), temp.resolve("work"), Duration.ofMinutes(10));
            BuildRequest request = new BuildRequest("bench", "bench", "web", BuildSource.of(repo.url(), "main"), Map.of());
            Path rawContext = temp.resolve("raw-context");
            Files.createDirectories(rawContext);
            Files.copy(GitRepository.BUSYBOX, rawContext.resolve("busybox"));
            Files.writeString(rawContext.resolve("Dockerfile"), DOCKERFILE);

            builder.build(request, LogListener.NONE, new Cancellation()); // warm the layer cache and the registry
            List<Long> maestro = new ArrayList<>();
            List<Long> raw = new ArrayList<>();
            List<Long> maestroBuild = new ArrayList<>();
            List<Long> maestroPush = new ArrayList<>();
            List<Long> maestroClone = new ArrayList<>();
            List<Long> maestroBud = new ArrayList<>();
            List<Long> rawBud = new ArrayList<>();
            List<Long> rawPush = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                boolean maestroFirst = round % 2 == 0;
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == maestroFirst) {
                        repo.write("page.txt", "maestro round " + round + "\n").commit("round " + round);
                        long started = System.nanoTime();
                        List<String> timing = new ArrayList<>();
                        BuildResult result = builder.build(request, line -> {
                            if (line.startsWith("Timing: ")) {
                                timing.add(line);
                            }
                        }, new Cancellation());
                        maestro.add(System.nanoTime() - started);
                        // "Timing: clone N ms, prepare N ms, bud N ms, push N ms" (Builder's per-phase line)
                        String[] parts = timing.getFirst().replaceAll("[^0-9 ]", "").trim().split(" +");
                        maestroClone.add(Long.parseLong(parts[0]) * 1_000_000);
                        maestroBud.add(Long.parseLong(parts[2]) * 1_000_000);
                        maestroBuild.add(result.buildTime().toNanos());
                        maestroPush.add(result.pushTime().toNanos());
                    } else {
                        Files.writeString(rawContext.resolve("page.txt"), "raw round " + round + "\n");
                        ImageRef image = new ImageRef(registry.address(), "bench", "raw", "r" + round);
                        long started = System.nanoTime();
                        run(warm.argv(List.of("bud", "--isolation", "chroot", "--layers", "--format", "oci",
                                "-t", image.toString(), rawContext.toString())));
                        rawBud.add(System.nanoTime() - started);
                        long pushStarted = System.nanoTime();
                        run(warm.argv(List.of("push", "--tls-verify=false", image.toString(), "docker://" + image)));
                        rawPush.add(System.nanoTime() - pushStarted);
                        raw.add(System.nanoTime() - started);
                    }
                }
            }

            List<Long> cold = new ArrayList<>();
            List<Long> cached = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                Buildah empty = Buildah.storedIn(temp.resolve("buildah-cold-" + round));
                storages.add(empty);
                Builder coldBuilder = new Builder(git, empty, registry.address(), temp.resolve("work"), Duration.ofMinutes(10));
                repo.write("page.txt", "cold round " + round + "\n").commit("cold " + round);
                long started = System.nanoTime();
                coldBuilder.build(request, LogListener.NONE, new Cancellation());
                cold.add(System.nanoTime() - started);
                empty.removeEverything();

                repo.write("page.txt", "cached round " + round + "\n").commit("cached " + round);
                started = System.nanoTime();
                builder.build(request, LogListener.NONE, new Cancellation());
                cached.add(System.nanoTime() - started);
            }

            // Several builds at once on 2 cores: the same 4 builds with 1 and then 2 workers.
            List<String> concurrency = new ArrayList<>();
            for (int workers : new int[] {1, 2}) {
                BuildMinutesLedger ledger = new BuildMinutesLedger();
                List<QueuedBuild> builds = new ArrayList<>();
                repo.write("page.txt", "concurrent " + workers + "\n").commit("concurrent " + workers);
                long started = System.nanoTime();
                try (BuildQueue queue = new BuildQueue(workers, ledger, Clock.systemUTC())) {
                    for (int i = 0; i < 4; i++) {
                        BuildRequest service = new BuildRequest("bench", "bench", "svc" + i + "w" + workers,
                                BuildSource.of(repo.url(), "main"), Map.of());
                        builds.add(queue.submit("bench", Plan.GROWTH, MeteredBuild.Kind.BUILD,
                                (log, cancellation) -> builder.build(service, log, cancellation), LogListener.NONE));
                    }
                    for (QueuedBuild build : builds) {
                        build.outcome().join();
                    }
                }
                long wall = (System.nanoTime() - started) / 1_000_000;
                long meanWait = (long) builds.stream().mapToLong(b -> b.queueWait().orElseThrow().toMillis()).average().orElse(0);
                long metered = ledger.usage("bench", Plan.GROWTH, BillingPeriod.of(Instant.now())).usedSeconds();
                concurrency.add(String.format("| %d | 4 | %d | %.2f | %d | %d |", workers, wall, 4 * 60_000.0 / wall,
                        meanWait, metered));
            }

            System.out.printf("rounds: %d (medians, build + push, ms)%n%n", rounds);
            System.out.println("| measure | median ms | min ms | max ms |");
            System.out.println("|---|---:|---:|---:|");
            row("maestro Builder.build after a one-file change", maestro);
            row("  of which clone + substitution + bud", maestroBuild);
            row("  of which push", maestroPush);
            row("  of which git fetch + checkout (mirror)", maestroClone);
            row("  of which bud", maestroBud);
            row("raw buildah bud + push after a one-file change", raw);
            row("  of which bud", rawBud);
            row("  of which push", rawPush);
            row("cold build (empty buildah storage)", cold);
            row("cached rebuild after a one-file change", cached);
            double overhead = (double) median(maestro) / median(raw);
            double cacheRatio = (double) median(cached) / median(cold);
            System.out.printf("%norchestration overhead maestro/raw: %.2fx (goal <= 1.1x) %s%n", overhead,
                    overhead <= 1.1 ? "ok" : "MISSED");
            System.out.printf("cached rebuild / cold build: %.2fx%n", cacheRatio);
            System.out.println();
            System.out.println("| workers | builds | wall ms | builds/min | mean queue wait ms | metered s |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            concurrency.forEach(System.out::println);
        } finally {
            for (Buildah storage : storages) {
                storage.removeEverything();
            }
            deleteRecursively(temp);
        }
    }

    private static void run(List<String> argv) {
        new LocalExecutor().run(Command.of(argv).withTimeout(Duration.ofMinutes(10))).requireSuccess();
    }

    private static void row(String label, List<Long> nanos) {
        System.out.printf("| %s | %d | %d | %d |%n", label, median(nanos) / 1_000_000,
                Collections.min(nanos) / 1_000_000, Collections.max(nanos) / 1_000_000);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
