package io.maestro.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a JMH JSON result file of {@link PipelineBenchmark} into the table docs/benchmarks.md
 * records: per application size the maestro and baseline times, their ratio against the 5x goal,
 * and the maestro growth from 100 to 1,000 services against the 12x goal.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.maestro.bench.ReportMain bench/results/pipeline-....json
 * </pre>
 */
public final class ReportMain {

    static final double RATIO_GOAL = 5.0;
    static final double GROWTH_GOAL = 12.0;

    /** One benchmark's score at one size. */
    record Score(double value, double error, String unit) {
        String format() {
            String error = Double.isNaN(this.error) ? "" : String.format(Locale.ROOT, " ± %.3f", this.error);
            return String.format(Locale.ROOT, "%.3f%s", value, error);
        }
    }

    /** Both scores at one size. */
    record Row(int services, Score maestro, Score baseline) {}

    private ReportMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ReportMain JMH_RESULT.json");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        JsonNode results = new ObjectMapper().readTree(Files.readString(file));
        print(file, results, System.out);
    }

    static void print(Path file, JsonNode results, PrintStream out) {
        Map<Integer, Row> rows = rows(results);
        if (rows.isEmpty()) {
            out.println("no PipelineBenchmark results in " + file);
            return;
        }
        JsonNode first = results.get(0);
        out.println("Maestro pipeline benchmark (" + file.getFileName() + ")");
        out.printf(Locale.ROOT, "JMH %s, JDK %s (%s), %d fork(s), warmup %d x %s, measurement %d x %s, %s%n",
                first.path("jmhVersion").asText("?"), first.path("jdkVersion").asText("?"),
                first.path("vmName").asText("?"), first.path("forks").asInt(),
                first.path("warmupIterations").asInt(), first.path("warmupTime").asText("?"),
                first.path("measurementIterations").asInt(), first.path("measurementTime").asText("?"),
                first.path("mode").asText("?"));
        out.println();
        out.println("| services | objects | maestro ms/op | baseline ms/op | maestro/baseline (goal <= 5x) |");
        out.println("|---:|---:|---:|---:|---:|");
        for (Row row : rows.values()) {
            out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s |%n", row.services(), objects(row.services()),
                    row.maestro() == null ? "-" : row.maestro().format(),
                    row.baseline() == null ? "-" : row.baseline().format(), ratio(row));
        }
        out.println();
        Row hundred = rows.get(100);
        Row thousand = rows.get(1000);
        if (hundred != null && thousand != null && hundred.maestro() != null && thousand.maestro() != null) {
            double growth = thousand.maestro().value() / hundred.maestro().value();
            out.printf(Locale.ROOT, "maestro growth 100 -> 1000 services: %.1fx (goal <= %.0fx; linear is 10x) %s%n",
                    growth, GROWTH_GOAL, verdict(growth <= GROWTH_GOAL));
        } else {
            out.println("maestro growth 100 -> 1000 services: not measured (needs both sizes)");
        }
    }

    static Map<Integer, Row> rows(JsonNode results) {
        Map<Integer, Row> rows = new TreeMap<>();
        for (JsonNode result : results) {
            String benchmark = result.path("benchmark").asText();
            if (!benchmark.startsWith(PipelineBenchmark.class.getName() + ".")) {
                continue;
            }
            int services = result.path("params").path("services").asInt();
            JsonNode metric = result.path("primaryMetric");
            Score score = new Score(metric.path("score").asDouble(Double.NaN),
                    metric.path("scoreError").asDouble(Double.NaN), metric.path("scoreUnit").asText());
            Row row = rows.getOrDefault(services, new Row(services, null, null));
            rows.put(services, benchmark.endsWith(".maestro")
                    ? new Row(services, score, row.baseline())
                    : benchmark.endsWith(".baseline") ? new Row(services, row.maestro(), score) : row);
        }
        return rows;
    }

    private static String ratio(Row row) {
        if (row.maestro() == null || row.baseline() == null || row.baseline().value() <= 0) {
            return "-";
        }
        double ratio = row.maestro().value() / row.baseline().value();
        return String.format(Locale.ROOT, "%.1fx %s", ratio, verdict(ratio <= RATIO_GOAL));
    }

    private static String verdict(boolean met) {
        return met ? "ok" : "MISSED";
    }

    /** Objects one render produces at this size: what the baseline serialises, shown for context. */
    private static String objects(int services) {
        try {
            PipelineBenchmark benchmark = new PipelineBenchmark();
            benchmark.services = services;
            benchmark.setUp();
            return Integer.toString(benchmark.renderedObjectCount());
        } catch (RuntimeException e) {
            return "? (" + e.getClass().getSimpleName() + ")";
        }
    }
}
