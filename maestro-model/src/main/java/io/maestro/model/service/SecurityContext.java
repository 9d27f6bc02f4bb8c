package io.maestro.model.service;

import java.util.List;

/**
 * {@code security_context}; every field may be null (unset).
 */
public record SecurityContext(
        Long fsGroup,
        Boolean hostIpc,
        Boolean hostNetwork,
        Boolean hostPid,
        Boolean privileged,
        Long runAsGroup,
        Boolean runAsNonRoot,
        Long runAsUser,
        List<Long> supplementalGroups) {

    public SecurityContext {
        supplementalGroups = supplementalGroups == null ? List.of() : List.copyOf(supplementalGroups);
    }

    public static final SecurityContext EMPTY = new SecurityContext(null, null, null, null, null, null, null, null, List.of());
}
