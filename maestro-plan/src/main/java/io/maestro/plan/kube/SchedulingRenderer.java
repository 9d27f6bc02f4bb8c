package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.maestro.model.service.Constraints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code constraints.servers} → required node affinity; {@code constraints.tolerations} →
 * tolerations.
 *
 * <p>Server names match the node label {@code kubernetes.io/hostname} (Maestro names the nodes it
 * joins after their {@code unique_name}); a tag {@code k=v} matches the node label {@code k=v}
 * (Maestro labels nodes with their manifest tags). The reference's semantics — OR within names,
 * OR within tags, AND between the two — become one node selector term per tag (terms are OR'd),
 * each also requiring the names (requirements within a term are AND'd). Names alone are one term.
 */
final class SchedulingRenderer {

    static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

    private SchedulingRenderer() {}

    static Affinity affinity(Constraints.ServerSelector servers) {
        if (servers.isAny()) {
            return null;
        }
        NodeSelectorRequirement byName = servers.names().isEmpty() ? null
                : new NodeSelectorRequirement(HOSTNAME_LABEL, "In", servers.names());
        List<NodeSelectorTerm> terms = new ArrayList<>();
        if (servers.tags().isEmpty()) {
            terms.add(term(byName, null));
        }
        for (Map.Entry<String, String> tag : servers.tags().entrySet()) {
            terms.add(term(byName, new NodeSelectorRequirement(tag.getKey(), "In", List.of(tag.getValue()))));
        }
        return new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(terms)
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().build();
    }

    private static NodeSelectorTerm term(NodeSelectorRequirement byName, NodeSelectorRequirement byTag) {
        List<NodeSelectorRequirement> expressions = new ArrayList<>();
        if (byName != null) {
            expressions.add(byName);
        }
        if (byTag != null) {
            expressions.add(byTag);
        }
        NodeSelectorTerm term = new NodeSelectorTerm();
        term.setMatchExpressions(expressions);
        return term;
    }

    static List<Toleration> tolerations(List<Constraints.Toleration> tolerations) {
        return tolerations.stream().map(t -> new TolerationBuilder()
                .withKey(t.key())
                .withOperator(t.operator())
                .withValue(t.value())
                .withEffect(t.effect())
                .withTolerationSeconds(t.tolerationSeconds())
                .build()).toList();
    }
}
