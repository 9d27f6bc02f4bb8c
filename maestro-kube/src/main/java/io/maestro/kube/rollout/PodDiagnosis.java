package io.maestro.kube.rollout;

import java.util.List;

/**
 * A pod of a failing workload: its phase, containers and recent warning events.
 *
 * @param name pod name
 * @param phase {@code Pending}, {@code Running}, ...
 * @param containers init and app containers that are not running ready
 * @param events recent warning events about the pod, oldest first, e.g.
 *     {@code BackOff: Back-off restarting failed container web (x5)}
 */
public record PodDiagnosis(String name, String phase, List<ContainerDiagnosis> containers, List<String> events) {

    public PodDiagnosis {
        containers = List.copyOf(containers);
        events = List.copyOf(events);
    }
}
