package io.maestro.model.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.service.CpuQuantity;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComposeUnitsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "512m, 512Mi", "512M, 512Mi", "512mb, 512Mi", "1g, 1Gi", "1gb, 1Gi", "1.5g, 1536Mi", "64k, 64Ki",
            "1073741824, 1Gi", "1000, 1000", "300000000, 300000000", "2t, 2Ti", "100b, 100"})
    void convertsByteSizesToKubernetesQuantities(String compose, String kubernetes) {
        assertThat(ComposeUnits.bytes(compose).map(ComposeUnits::kubernetesMemory)).contains(kubernetes);
    }

    @Test
    void rejectsMalformedSizes() {
        assertThat(ComposeUnits.bytes("lots")).isEmpty();
        assertThat(ComposeUnits.bytes("1x")).isEmpty();
        assertThat(ComposeUnits.bytes("99999999999999999999999g")).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0.5, 500m", "2, 2", "1.5, 1500m", ".25, 250m", "0.0001, 1m"})
    void convertsCpusToQuantities(String compose, String kubernetes) {
        assertThat(ComposeUnits.cpus(compose).map(CpuQuantity::toKubernetes)).contains(kubernetes);
    }

    @Test
    void rejectsZeroAndMalformedCpus() {
        assertThat(ComposeUnits.cpus("0")).isEmpty();
        assertThat(ComposeUnits.cpus("half")).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}s")
    @CsvSource({"30s, 30", "1m30s, 90", "1h, 3600", "500ms, 1", "1.5s, 2", "10, 10", "0s, 0", "2m0.5s, 121"})
    void convertsDurationsToWholeSecondsRoundingUp(String compose, long seconds) {
        assertThat(ComposeUnits.seconds(compose)).contains(seconds);
    }

    @Test
    void rejectsMalformedDurations() {
        assertThat(ComposeUnits.seconds("soon")).isEqualTo(Optional.empty());
        assertThat(ComposeUnits.seconds("10x")).isEmpty();
        assertThat(ComposeUnits.seconds("s")).isEmpty();
        assertThat(ComposeUnits.seconds("")).isEmpty();
    }
}
