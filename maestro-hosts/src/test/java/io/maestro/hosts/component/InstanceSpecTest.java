package io.maestro.hosts.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.model.service.DatabaseKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstanceSpecTest {

    @Test
    void defaultsTheDatabaseAndUserToTheInstanceName() {
        InstanceSpec spec = InstanceSpec.of("shop-eu", "/var/lib/maestro", "127.0.0.1", 5432);
        assertThat(spec.effectiveDatabase()).isEqualTo("shop_eu");
        assertThat(spec.effectiveUsername()).isEqualTo("shop_eu");
        assertThat(InstanceLayout.of(DatabaseKind.POSTGRESQL, spec).data()).isEqualTo("/var/lib/maestro/postgresql/shop-eu/data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x\"; DROP DATABASE a; --", "a b", "A", "1abc", "a-b", "postgres", "mysql", "root",
            "abcdefghijabcdefghijabcdefghijabc", "a'b", "a`b", ""})
    void refusesDatabaseNamesOutsideTheStrictGrammar(String name) {
        assertThatThrownBy(() -> InstanceSpec.of("shop", "/srv", "127.0.0.1", 5432).withDatabase(name))
                .isInstanceOf(InvalidComponentSpecException.class)
                .hasMessageStartingWith("invalid database name '" + name + "': expected ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative/dir", "/srv/../etc", "/srv/a b", "/srv/x\ninclude", "/", "/srv/'quote"})
    void refusesBaseFoldersThatCouldEscapeOrInject(String dir) {
        assertThatThrownBy(() -> InstanceSpec.of("shop", dir, "127.0.0.1", 5432))
                .isInstanceOf(InvalidComponentSpecException.class)
                .hasMessageContaining("invalid base folder");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1\nrequirepass x", "256.1.1.1", "example.com", "1.2.3"})
    void acceptsOnlyIpLiteralsAsBindAddresses(String address) {
        assertThatThrownBy(() -> InstanceSpec.of("shop", "/srv", address, 5432))
                .isInstanceOf(InvalidComponentSpecException.class)
                .hasMessageContaining("invalid bind address");
    }

    @Test
    void acceptsIpv4AndIpv6Literals() {
        assertThat(InstanceSpec.of("a", "/srv", "0.0.0.0", 1).bindAddress()).isEqualTo("0.0.0.0");
        assertThat(InstanceSpec.of("a", "/srv", "::1", 65535).bindAddress()).isEqualTo("::1");
    }

    @Test
    void refusesPortsOutsideTheTcpRangeAndBadInstanceNames() {
        assertThatThrownBy(() -> InstanceSpec.of("a", "/srv", "127.0.0.1", 0)).hasMessageContaining("invalid port '0'");
        assertThatThrownBy(() -> InstanceSpec.of("../etc", "/srv", "127.0.0.1", 1)).hasMessageContaining("invalid instance name");
    }

    @Test
    void secretsNeverShowTheirValueAndGeneratedOnesAreAlphanumeric() {
        Secret secret = Secret.generate(32);
        assertThat(secret.toString()).doesNotContain(secret.reveal()).isEqualTo("Secret[******]");
        assertThat(secret.reveal()).matches("[A-Za-z0-9]{32}");
        assertThat(secret.isPlainAlphanumeric()).isTrue();
        assertThat(Secret.of("a'b").isPlainAlphanumeric()).isFalse();
        assertThat(Secret.generate(32)).isNotEqualTo(secret);
    }
}
