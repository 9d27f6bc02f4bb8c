package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.hosts.component.InstanceSpec;
import org.junit.jupiter.api.Test;

class LocalTargetTest {

    @Test
    void anInstanceIsNamedAfterTheApplicationEnvironmentAndNamedGroup() {
        assertThat(LocalTarget.instanceName("hello", "production", "default")).isEqualTo("hello-production");
        assertThat(LocalTarget.instanceName("shop", "staging", "reporting_db")).isEqualTo("shop-staging-reporting-db");
    }

    @Test
    void aLongNameIsShortenedWithAHashSoTwoLongNamesStayDistinctAndValid() {
        String a = LocalTarget.instanceName("a-very-long-application-name-indeed", "production", "default");
        String b = LocalTarget.instanceName("a-very-long-application-name-indeed", "production-two", "default");
        assertThat(a).hasSizeLessThanOrEqualTo(40).isNotEqualTo(b);
        assertThat(InstanceSpec.of(a, "/var/lib/maestro", "127.0.0.1", 5432).name()).isEqualTo(a);
    }

    @Test
    void aNameStartingWithADigitGetsALetterFirst() {
        assertThat(LocalTarget.instanceName("1app", "production", "default")).isEqualTo("m1app-production");
    }
}
