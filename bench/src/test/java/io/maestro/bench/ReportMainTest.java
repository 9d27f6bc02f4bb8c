package io.maestro.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The report reads JMH's JSON and states the ratio and growth goals correctly. */
class ReportMainTest {

    private static String result(String method, int services, String score, String error) {
        return """
                {"jmhVersion": "1.37", "benchmark": "io.maestro.bench.PipelineBenchmark.%s", "mode": "avgt",
                 "forks": 1, "jdkVersion": "25", "vmName": "OpenJDK", "warmupIterations": 3, "warmupTime": "2 s",
                 "measurementIterations": 5, "measurementTime": "2 s", "params": {"services": "%d"},
                 "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "ms/op"}}
                """.formatted(method, services, score, error);
    }

    private static String report(String... results) throws Exception {
        JsonNode json = new ObjectMapper().readTree("[" + String.join(",", results) + "]");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReportMain.print(Path.of("pipeline.json"), json, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsRatioPerSizeAndGrowthAgainstTheGoals() throws Exception {
        String report = report(
                result("maestro", 10, "2.0", "0.1"), result("baseline", 10, "1.0", "0.05"),
                result("maestro", 100, "10.0", "0.5"), result("baseline", 100, "1.0", "0.1"),
                result("maestro", 1000, "130.0", "\"NaN\""), result("baseline", 1000, "30.0", "1.0"));
        assertThat(report).contains("JMH 1.37, JDK 25 (OpenJDK), 1 fork(s), warmup 3 x 2 s, measurement 5 x 2 s, avgt");
        assertThat(report).contains("| 10 | ", "| 2.000 ± 0.100 | 1.000 ± 0.050 | 2.0x ok |");
        assertThat(report).contains("| 10.000 ± 0.500 | 1.000 ± 0.100 | 10.0x MISSED |");
        assertThat(report).contains("| 130.000 | 30.000 ± 1.000 | 4.3x ok |");
        assertThat(report).contains("maestro growth 100 -> 1000 services: 13.0x (goal <= 12x; linear is 10x) MISSED");
    }

    @Test
    void saysWhatIsMissingInsteadOfDividingByNothing() throws Exception {
        String report = report(result("maestro", 10, "2.0", "0.1"));
        assertThat(report).contains("| 2.000 ± 0.100 | - | - |");
        assertThat(report).contains("not measured (needs both sizes)");
        assertThat(report("{\"benchmark\": \"other.Bench.x\"}")).startsWith("no PipelineBenchmark results");
    }
}
