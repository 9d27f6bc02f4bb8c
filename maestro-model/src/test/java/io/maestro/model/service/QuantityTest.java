package io.maestro.model.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({"250m,250,250m", "1,1000,1", "0.5,500,500m", "1000m,1000,1", "2.25,2250,2250m", ".1,100,100m", "1m,1,1m"})
    void cpuAmounts(String text, long millicores, String kubernetes) {
        CpuQuantity cpu = CpuQuantity.parse(text).orElseThrow();
        assertThat(cpu.millicores()).isEqualTo(millicores);
        assertThat(cpu.toKubernetes()).isEqualTo(kubernetes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0m", "1.5m", "0.0001", "-1", "1 m", "1k", "m", "1e3", "99999999999999999999999"})
    void cpuRejects(String text) {
        assertThat(CpuQuantity.parse(text)).isEmpty();
    }

    @Test
    void cpuSharesBecomeMillicores() {
        assertThat(CpuQuantity.fromShares(1024)).isEqualTo(new CpuQuantity(1000));
        assertThat(CpuQuantity.fromShares(512)).isEqualTo(new CpuQuantity(500));
        assertThat(CpuQuantity.fromShares(2)).isEqualTo(new CpuQuantity(2));
    }

    @ParameterizedTest
    @CsvSource({"256Mi,268435456,256Mi", "1Gi,1073741824,1Gi", "100K,100000,100k", "100k,100000,100k",
            "4M,4000000,4M", "1G,1000000000,1G", "2Ti,2199023255552,2Ti", "1T,1000000000000,1T", "4000000,4000000,4000000",
            "1.5Gi,1610612736,1.5Gi", "64Ki,65536,64Ki"})
    void memoryAmounts(String text, long bytes, String kubernetes) {
        assertThat(MemoryQuantity.parse(text)).contains(new MemoryQuantity(bytes, kubernetes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"512m", "1g", "1gi", "1KB", "1.5", "Mi", "", "-1Mi", "1 Mi", "5Pi", "99999999999Ti"})
    void memoryRejects(String text) {
        assertThat(MemoryQuantity.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"512m,536870912,512Mi", "1g,1073741824,1Gi", "64k,65536,64Ki", "100b,100,100", "100,100,100",
            "2G,2147483648,2Gi"})
    void v1MemoryUsesPowersOf1024(String text, long bytes, String kubernetes) {
        assertThat(MemoryQuantity.parseV1(text)).contains(new MemoryQuantity(bytes, kubernetes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"512Mi", "1t", "x", "", "1.5g", "9999999999999g"})
    void v1MemoryRejects(String text) {
        assertThat(MemoryQuantity.parseV1(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"30s,30", "1m,60", "1h,3600", "1m30s,90", "0s,0"})
    void v1Durations(String text, int seconds) {
        assertThat(DurationText.seconds(text)).hasValue(seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "1d", "s", "", "1m 30s", "9999999999h"})
    void v1DurationRejects(String text) {
        assertThat(DurationText.seconds(text)).isEmpty();
    }

    @Test
    void parsersNeverThrowOnAnyText() {
        qt().forAll(strings().ascii().ofLengthBetween(0, 24)).checkAssert(text -> {
            Optional<CpuQuantity> cpu = CpuQuantity.parse(text);
            cpu.ifPresent(c -> assertThat(c.millicores()).isPositive());
            MemoryQuantity.parse(text).ifPresent(m -> assertThat(m.bytes()).isNotNegative());
            MemoryQuantity.parseV1(text);
            DurationText.seconds(text);
            V1Signals.sequenceProblem(text);
        });
    }

    @Test
    void wholeMegabytesRoundTrip() {
        qt().forAll(integers().between(0, 1_000_000)).checkAssert(n -> {
            assertThat(MemoryQuantity.parse(n + "Mi")).contains(new MemoryQuantity((long) n << 20, n + "Mi"));
            assertThat(MemoryQuantity.parse(n + "M")).contains(new MemoryQuantity(n * 1_000_000L, n + "M"));
        });
    }
}
