package io.maestro.kube.rollout;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.maestro.kube.KubeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Collects what explains a failed rollout: the workload's pods that are not ready, their
 * containers' states (waiting reason such as {@code CrashLoopBackOff} or {@code ImagePullBackOff},
 * last termination) and the recent warning events about them, the workload and its ReplicaSets.
 *
 * <p>Events are listed for the namespace and filtered here rather than with a field selector on
 * {@code involvedObject}: one request per failure, and it works on every API server. A diagnosis
 * that cannot be read becomes a note in the events rather than hiding the rollout failure.
 */
final class PodDiagnostics {

    static final int MAX_PODS = 5;
    static final int MAX_EVENTS = 10;

    private final KubernetesClient client;
    private final String namespace;

    PodDiagnostics(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    RolloutFailure diagnose(WorkloadRef workload, RolloutFailure.Reason reason, String message,
            Optional<WorkloadStatus> status) {
        List<String> workloadEvents = new ArrayList<>();
        List<Pod> pods = List.of();
        Map<String, String> selector = status.map(WorkloadStatus::selector).orElse(Map.of());
        if (!selector.isEmpty()) {
            try {
                pods = client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                        .filter(pod -> !isReady(pod))
                        .sorted(Comparator.comparing((Pod pod) -> pod.getMetadata().getName()))
                        .limit(MAX_PODS)
                        .toList();
            } catch (KubernetesClientException e) {
                workloadEvents.add("(could not list the pods: " + KubeException.of("list pods", null, e).getMessage() + ")");
            }
        }
        List<Event> events = List.of();
        try {
            events = client.v1().events().inNamespace(namespace).list().getItems().stream()
                    .filter(e -> "Warning".equals(e.getType()))
                    .sorted(Comparator.comparing(PodDiagnostics::when))
                    .toList();
        } catch (KubernetesClientException e) {
            workloadEvents.add("(could not list the events: " + KubeException.of("list events", null, e).getMessage() + ")");
        }
        workloadEvents.addAll(0, last(events.stream().filter(e -> isAbout(e, workload)).map(PodDiagnostics::describe)));
        List<PodDiagnosis> diagnoses = new ArrayList<>();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            List<String> podEvents = last(events.stream()
                    .filter(e -> "Pod".equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName()))
                    .map(PodDiagnostics::describe));
            diagnoses.add(new PodDiagnosis(name, phase(pod), containers(pod), podEvents));
        }
        return new RolloutFailure(workload, reason, message, status.map(WorkloadStatus::progress), diagnoses, workloadEvents);
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The workload itself and, for a Deployment, its ReplicaSets ({@code <name>-<hash>}). */
    private static boolean isAbout(Event event, WorkloadRef workload) {
        if (event.getInvolvedObject() == null || event.getInvolvedObject().getName() == null) {
            return false;
        }
        String kind = event.getInvolvedObject().getKind();
        String name = event.getInvolvedObject().getName();
        return (workload.kind().kubernetesKind().equals(kind) && workload.name().equals(name))
                || (workload.kind() == WorkloadRef.Kind.DEPLOYMENT && "ReplicaSet".equals(kind)
                        && name.startsWith(workload.name() + "-"));
    }

    private static List<ContainerDiagnosis> containers(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        return Stream.concat(
                        Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).orElse(List.of()).stream(),
                        Optional.ofNullable(pod.getStatus().getContainerStatuses()).orElse(List.of()).stream())
                .filter(c -> !Boolean.TRUE.equals(c.getReady()))
                .map(PodDiagnostics::container)
                .toList();
    }

    private static ContainerDiagnosis container(ContainerStatus status) {
        return new ContainerDiagnosis(status.getName(), Optional.ofNullable(status.getImage()).orElse(""),
                Boolean.TRUE.equals(status.getReady()), Optional.ofNullable(status.getRestartCount()).orElse(0),
                state(status.getState()), termination(status.getLastState()));
    }

    private static String state(ContainerState state) {
        if (state == null) {
            return "state unknown";
        }
        if (state.getWaiting() != null) {
            return "waiting: " + reasonAndMessage(state.getWaiting().getReason(), state.getWaiting().getMessage());
        }
        if (state.getTerminated() != null) {
            return "terminated: " + terminated(state.getTerminated());
        }
        if (state.getRunning() != null) {
            return "running, not ready";
        }
        return "state unknown";
    }

    private static String termination(ContainerState lastState) {
        return lastState == null || lastState.getTerminated() == null ? "" : terminated(lastState.getTerminated());
    }

    private static String terminated(ContainerStateTerminated terminated) {
        StringBuilder text = new StringBuilder("exit code ").append(terminated.getExitCode());
        if (terminated.getSignal() != null && terminated.getSignal() != 0) {
            text.append(", signal ").append(terminated.getSignal());
        }
        if (terminated.getReason() != null) {
            text.append(" (").append(terminated.getReason()).append(')');
        }
        if (terminated.getMessage() != null && !terminated.getMessage().isBlank()) {
            text.append(": ").append(terminated.getMessage().strip());
        }
        return text.toString();
    }

    private static String reasonAndMessage(String reason, String message) {
        String text = reason == null ? "unknown reason" : reason;
        return message == null || message.isBlank() ? text : text + " (" + message.strip() + ")";
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Unknown" : pod.getStatus().getPhase();
    }

    private static String describe(Event event) {
        String count = event.getCount() != null && event.getCount() > 1 ? " (x" + event.getCount() + ")" : "";
        return reasonAndMessage(event.getReason(), null) + ": " + Optional.ofNullable(event.getMessage()).orElse("").strip() + count;
    }

    /** Sort key: the newest of the times an event may carry (clusters fill different ones). */
    private static String when(Event event) {
        return Stream.of(event.getLastTimestamp(), event.getEventTime() == null ? null : event.getEventTime().getTime(),
                        event.getFirstTimestamp(), event.getMetadata().getCreationTimestamp())
                .filter(t -> t != null && !t.isEmpty())
                .findFirst().orElse("");
    }

    private static List<String> last(Stream<String> lines) {
        List<String> all = lines.toList();
        return all.subList(Math.max(0, all.size() - MAX_EVENTS), all.size());
    }
}
