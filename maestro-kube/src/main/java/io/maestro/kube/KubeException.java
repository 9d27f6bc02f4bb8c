package io.maestro.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.maestro.model.MaestroException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API call failed. Carries what a user needs to act: the object concerned, the
 * server's {@link KubeStatus} (code, reason, message and causes) when there was an answer, and
 * for field-ownership conflicts the other field managers.
 *
 * <pre>{@code
 * try {
 *     applier.apply(namespace, objects);
 * } catch (KubeException e) {
 *     e.status().map(KubeStatus::code);   // Optional[409]
 *     e.object();                         // Optional[Deployment.apps/web in shop-production]
 *     e.conflictingManagers();            // [kubectl-edit]
 * }
 * }</pre>
 */
public class KubeException extends MaestroException {

    private static final Pattern CONFLICT_MANAGER = Pattern.compile("conflict with \"([^\"]+)\"");

    private final transient KubeStatus status;
    private final transient ObjectRef object;
    private final List<String> conflictingManagers;
    private final boolean timedOut;

    /** A failure Maestro detected itself (no server answer involved). */
    public KubeException(String message, ObjectRef object) {
        super(message);
        this.status = null;
        this.object = object;
        this.conflictingManagers = List.of();
        this.timedOut = false;
    }

    private KubeException(String message, KubeStatus status, ObjectRef object, List<String> managers,
            boolean timedOut, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.object = object;
        this.conflictingManagers = List.copyOf(managers);
        this.timedOut = timedOut;
    }

    /**
     * Wraps a fabric8 failure of {@code action} ({@code "apply"}, {@code "delete"}, ...) on
     * {@code object} (null when the call was not about one object).
     */
    public static KubeException of(String action, ObjectRef object, KubernetesClientException e) {
        Optional<KubeStatus> status = KubeStatus.of(e.getCode(), e.getStatus());
        boolean timedOut = status.isEmpty() && isTimeout(e);
        List<String> managers = status.map(KubeException::managers).orElse(List.of());
        StringBuilder message = new StringBuilder("cannot ").append(action);
        if (object != null) {
            message.append(' ').append(object);
        }
        message.append(": ");
        if (status.isPresent()) {
            KubeStatus s = status.get();
            message.append(s.summary());
            if (!s.message().isEmpty()) {
                message.append(": ").append(s.message());
            }
            if (s.code() == 409 && !managers.isEmpty()) {
                message.append(" (fields also managed by ").append(quoted(managers))
                        .append("; apply with force to take them over, or remove them from the other manager)");
            }
        } else if (timedOut) {
            message.append("the Kubernetes API server did not answer in time");
        } else {
            message.append("no answer from the Kubernetes API server: ").append(rootMessage(e));
        }
        return new KubeException(message.toString(), status.orElse(null), object, managers, timedOut, e);
    }

    /** The server's answer, empty when there was none (connection failure, timeout). */
    public Optional<KubeStatus> status() {
        return Optional.ofNullable(status);
    }

    /** The object the failed call was about, if any. */
    public Optional<ObjectRef> object() {
        return Optional.ofNullable(object);
    }

    /** For a 409 field-ownership conflict: the other field managers (e.g. {@code kubectl-edit}). */
    public List<String> conflictingManagers() {
        return conflictingManagers;
    }

    /** True when the call failed because the API server did not answer in time. */
    public boolean timedOut() {
        return timedOut;
    }

    private static List<String> managers(KubeStatus status) {
        Set<String> managers = new LinkedHashSet<>();
        for (KubeStatus.Cause cause : status.causes()) {
            Matcher m = CONFLICT_MANAGER.matcher(cause.message());
            while (m.find()) {
                managers.add(m.group(1));
            }
        }
        if (managers.isEmpty()) {
            // Older servers put the managers only in the message.
            Matcher m = CONFLICT_MANAGER.matcher(status.message());
            while (m.find()) {
                managers.add(m.group(1));
            }
        }
        return new ArrayList<>(managers);
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Each HTTP client has its own timeout type (vert.x: NoStackTraceTimeoutException, not a
            // java.util.concurrent.TimeoutException; the JDK client: HttpTimeoutException), so the
            // name is the one thing they share.
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException
                    || t instanceof InterruptedIOException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
