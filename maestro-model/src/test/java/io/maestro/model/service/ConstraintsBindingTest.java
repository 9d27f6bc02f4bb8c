package io.maestro.model.service;

import static io.maestro.model.service.BindingTestSupport.errors;
import static io.maestro.model.service.BindingTestSupport.valid;
import static io.maestro.model.service.BindingTestSupport.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.service.Constraints.Toleration;
import io.maestro.model.service.ServiceYmlFixture.Loaded;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstraintsBindingTest {

    @Test
    void v2ResourcesAcceptEveryDocumentedSpelling() {
        Constraints c = valid(web("constraints: {resources: {requests: {cpu: 0.5, memory: 100M}, "
                + "limits: {cpu: \"2\", memory: 4000000000}}}")).service("web").constraints();
        assertThat(c.resources().requests().cpu()).isEqualTo(new CpuQuantity(500));
        assertThat(c.resources().requests().memory()).isEqualTo(new MemoryQuantity(100_000_000, "100M"));
        assertThat(c.resources().limits().cpu()).isEqualTo(new CpuQuantity(2000));
        assertThat(c.resources().limits().memory()).isEqualTo(new MemoryQuantity(4_000_000_000L, "4000000000"));
    }

    @Test
    void badUnitsNameTheAcceptedUnits() {
        assertThat(errors(web("constraints:", "  resources:", "    requests: {cpu: 2x, memory: 512m}",
                "    limits: {cpu: 0m, memory: 1M}", "  max_count: 2"))).containsExactly(
                "service.yml:6:25: error: services.web.constraints.resources.requests.cpu: expected a CPU amount such as "
                        + "250m, 0.5 or 2, got '2x' (accepted: a number of CPUs, or whole millicores with the suffix m; "
                        + "at least 1m)",
                "service.yml:6:37: error: services.web.constraints.resources.requests.memory: expected a memory amount "
                        + "such as 256Mi or 1G, got '512m' (a lowercase m means milli in Kubernetes; did you mean 512Mi "
                        + "or 512M?)",
                "service.yml:7:23: error: services.web.constraints.resources.limits.cpu: expected a CPU amount such as "
                        + "250m, 0.5 or 2, got '0m' (accepted: a number of CPUs, or whole millicores with the suffix m; "
                        + "at least 1m)",
                "service.yml:7:35: error: services.web.constraints.resources.limits.memory: expected at least 4M of "
                        + "memory, got '1M'");
        assertThat(errors(web("constraints: {resources: {limits: {memory: 5Pi}}}"))).containsExactly(
                "service.yml:4:48: error: services.web.constraints.resources.limits.memory: expected a memory amount such "
                        + "as 256Mi or 1G, got '5Pi' (accepted units: K, M, G, T (powers of 1000), Ki, Mi, Gi, Ti (powers "
                        + "of 1024), or plain bytes)");
    }

    @Test
    void v1FlatResourcesMapWithWarnings() {
        Loaded loaded = valid(web("constraints: {resources: {memory: 1g, cpu: 2048}}"));
        Constraints c = loaded.service("web").constraints();
        assertThat(c.resources().limits().memory()).isEqualTo(new MemoryQuantity(1L << 30, "1Gi"));
        assertThat(c.resources().requests().cpu()).isEqualTo(new CpuQuantity(2000));
        assertThat(loaded.warnings()).containsExactly(
                "service.yml:4:31: warning: services.web.constraints.resources.memory: V1 form: mapped to "
                        + "constraints.resources.limits.memory = 1Gi (V2 form: resources: {limits: {memory: 1Gi}})",
                "service.yml:4:43: warning: services.web.constraints.resources.cpu: V1 form: mapped to "
                        + "constraints.resources.requests.cpu = 2 (V2 form: resources: {requests: {cpu: 2}})");
    }

    @Test
    void v1ResourcesReportBadValuesAndConflicts() {
        assertThat(errors(web("constraints: {resources: {memory: 512x, cpu: 250m}}"))).containsExactly(
                "service.yml:4:39: error: services.web.constraints.resources.memory: expected a V1 memory amount such "
                        + "as 512m or 1g, got '512x' (accepted units: b, k, m, g (powers of 1024), or plain bytes)",
                "service.yml:4:50: error: services.web.constraints.resources.cpu: expected V1 CPU shares (an integer, "
                        + "1024 = one CPU), got '250m' (for a CPU amount such as 250m write resources: {requests: "
                        + "{cpu: 250m}})");
        assertThat(errors(web("constraints: {resources: {memory: 512m, limits: {memory: 1Gi}}}"))).containsExactly(
                "service.yml:4:31: error: services.web.constraints.resources.memory: V1 memory conflicts with "
                        + "resources.limits.memory (keep only resources.limits.memory)");
    }

    @Test
    void countsPlacementAndRollout() {
        Constraints c = valid(web("constraints: {min_count: 1, max_count: 3, max_surge: 1, max_unavailable: 50%, "
                + "servers: {names: [node-1], tags: [\"disk=ssd\", \"zone=a\"]}}")).service("web").constraints();
        assertThat(c.minCount()).isEqualTo(1);
        assertThat(c.maxCount()).isEqualTo(3);
        assertThat(c.maxSurge()).isEqualTo(IntOrPercent.count(1));
        assertThat(c.maxUnavailable()).isEqualTo(IntOrPercent.percentage(50));
        assertThat(c.servers().names()).containsExactly("node-1");
        assertThat(c.servers().tags()).containsExactly(Map.entry("disk", "ssd"), Map.entry("zone", "a"));
    }

    @Test
    void badRolloutValuesAndServerTagsAreErrors() {
        assertThat(errors(web("constraints: {max_surge: 120%, max_unavailable: abc, servers: {tags: [disk]}}")))
                .containsExactly(
                        "service.yml:4:30: error: services.web.constraints.max_surge: expected a count or a percentage "
                                + "between 0% and 100% such as 25%, got '120%'",
                        "service.yml:4:53: error: services.web.constraints.max_unavailable: expected a count or a "
                                + "percentage between 0% and 100% such as 25%, got 'abc'",
                        "service.yml:4:75: error: services.web.constraints.servers.tags[0]: expected \"key=value\", "
                                + "got 'disk'");
    }

    @Test
    void tolerationsAreAListOrOneMap() {
        Constraints list = valid(web("constraints: {tolerations: [{key: gpu, operator: Exists, effect: NoSchedule}, "
                + "{key: a, value: b, effect: NoExecute, toleration_seconds: 60}]}")).service("web").constraints();
        assertThat(list.tolerations()).containsExactly(new Toleration("gpu", "Exists", null, "NoSchedule", null),
                new Toleration("a", null, "b", "NoExecute", 60L));
        Constraints one = valid(web("constraints: {tolerations: {operator: Exists}}")).service("web").constraints();
        assertThat(one.tolerations()).containsExactly(new Toleration(null, "Exists", null, null, null));
    }

    @Test
    void tolerationRulesOfKubernetesAreChecked() {
        assertThat(errors(web("constraints: {tolerations: [{key: a, operator: Exists, value: b}, {effect: NoSchedule}]}")))
                .containsExactly(
                        "service.yml:4:67: error: services.web.constraints.tolerations[0].value: expected no value with "
                                + "operator Exists, got 'b'",
                        "service.yml:4:71: error: services.web.constraints.tolerations[1]: a toleration without 'key' "
                                + "needs operator: Exists (it then tolerates every taint)");
    }
}
