package io.maestro.plan.kube;

import io.maestro.model.MaestroException;
import java.util.List;

/**
 * Rendering produced objects a Kubernetes API server would reject, or met a value it cannot
 * express. Carries every problem found, one line each, so the user sees them all at once.
 */
public final class RenderException extends MaestroException {

    private final List<String> problems;

    public RenderException(List<String> problems) {
        super("cannot render Kubernetes objects:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, e.g. {@code Service shop-production/9web: metadata.name: expected ...}. */
    public List<String> problems() {
        return problems;
    }
}
