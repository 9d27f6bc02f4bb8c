package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DnsLabelTest {

    @Test
    void sanitisesDirectoryNamesIntoLabels() {
        assertThat(DnsLabel.sanitise("shop")).isEqualTo("shop");
        assertThat(DnsLabel.sanitise("My_Shop.v2")).isEqualTo("my-shop-v2");
        assertThat(DnsLabel.sanitise("--weird--")).isEqualTo("weird");
        assertThat(DnsLabel.sanitise("!!!")).isEqualTo("app");
        assertThat(DnsLabel.sanitise("")).isEqualTo("app");
    }

    @Test
    void cutsLongNamesTo63WithoutATrailingDash() {
        String sanitised = DnsLabel.sanitise("a".repeat(62) + "-b" + "c".repeat(10));
        assertThat(sanitised).hasSize(62).doesNotEndWith("-");
        assertThat(DnsLabel.isValid(sanitised)).isTrue();
    }

    @Test
    void validatesLabels() {
        assertThat(DnsLabel.isValid("production")).isTrue();
        assertThat(DnsLabel.isValid("a-1")).isTrue();
        assertThat(DnsLabel.isValid("-a")).isFalse();
        assertThat(DnsLabel.isValid("a_b")).isFalse();
        assertThat(DnsLabel.isValid("A")).isFalse();
        assertThat(DnsLabel.isValid("a".repeat(64))).isFalse();
    }
}
