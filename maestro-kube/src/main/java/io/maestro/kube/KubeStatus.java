package io.maestro.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Status} a Kubernetes API server answered a failed request with.
 *
 * @param code HTTP status code, e.g. 409
 * @param reason machine-readable reason, e.g. {@code Conflict}; empty when the server gave none
 * @param message the server's message; empty when it gave none
 * @param causes the details, e.g. one {@code FieldManagerConflict} per conflicting field
 */
public record KubeStatus(int code, String reason, String message, List<Cause> causes) {

    /**
     * One cause of a failure.
     *
     * @param reason e.g. {@code FieldManagerConflict}, {@code FieldValueInvalid}
     * @param field the field path, e.g. {@code .spec.replicas}; empty when none
     * @param message e.g. {@code conflict with "kubectl-edit" using apps/v1}
     */
    public record Cause(String reason, String field, String message) {}

    public KubeStatus {
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        causes = List.copyOf(causes);
    }

    /** The status carried by a fabric8 exception, or the bare HTTP code when the body had none. */
    static Optional<KubeStatus> of(int code, Status status) {
        if (status == null) {
            return code > 0 ? Optional.of(new KubeStatus(code, "", "", List.of())) : Optional.empty();
        }
        List<Cause> causes = status.getDetails() == null || status.getDetails().getCauses() == null
                ? List.of()
                : status.getDetails().getCauses().stream().map(KubeStatus::cause).toList();
        int effective = status.getCode() != null && status.getCode() > 0 ? status.getCode() : code;
        return Optional.of(new KubeStatus(effective, status.getReason(), status.getMessage(), causes));
    }

    private static Cause cause(StatusCause cause) {
        return new Cause(nonNull(cause.getReason()), nonNull(cause.getField()), nonNull(cause.getMessage()));
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    /** {@code 409 Conflict}: the code and, when known, the reason. */
    public String summary() {
        return reason.isEmpty() ? String.valueOf(code) : code + " " + reason;
    }
}
