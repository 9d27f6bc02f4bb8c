package io.maestro.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApplySetLabelsTest {

    @Test
    void applySetIdFollowsKep3659ForAConfigMapParent() {
        // base64url(sha256("maestro-inventory.shop-production.ConfigMap.")), computed independently with Python.
        assertThat(ApplySetLabels.applySetId("shop-production"))
                .isEqualTo("applyset-89TYG7x9EfLiCH63jJKGDRv_kv1wEL-0nH8fublv6Kk-v1");
    }

    @Test
    void everyNamespaceHasItsOwnIdThatFitsALabelValue() {
        String id = ApplySetLabels.applySetId("shop-staging");

        assertThat(id).isNotEqualTo(ApplySetLabels.applySetId("shop-production"));
        assertThat(id).hasSizeLessThanOrEqualTo(63).matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    }
}
