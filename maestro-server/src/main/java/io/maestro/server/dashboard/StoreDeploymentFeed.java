package io.maestro.server.dashboard;

import io.maestro.store.Store;
import io.maestro.store.deploy.Deployment;
import io.maestro.store.deploy.DeploymentStep;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link DeploymentFeed} read from the store alone: it polls the step journal and the
 * deployment's status, sending a {@code step} event for each step that appeared or changed and
 * {@code done} when the deployment is over. Used when no deploy engine runs in this process (the
 * engine's own feed also carries log lines and rollout progress).
 */
final class StoreDeploymentFeed implements DeploymentFeed {

    private final Store store;
    private final Duration interval;

    StoreDeploymentFeed(Store store, Duration interval) {
        this.store = store;
        this.interval = interval;
    }

    @Override
    public void stream(long deploymentId, Sink sink) throws InterruptedException {
        Map<Integer, DeploymentStep> sent = new HashMap<>();
        while (sink.open()) {
            // Read the status before the steps: a deployment seen finished has all its steps written.
            Optional<Deployment> deployment = store.deployments().find(deploymentId);
            List<DeploymentStep> steps = store.steps().list(deploymentId);
            for (DeploymentStep step : steps) {
                if (!step.equals(sent.get(step.seq()))) {
                    sink.send("step", step(step));
                    sent.put(step.seq(), step);
                }
            }
            if (deployment.isEmpty() || deployment.get().status().isFinished()) {
                Map<String, Object> done = new LinkedHashMap<>();
                done.put("status", deployment.map(d -> word(d.status())).orElse("failed"));
                done.put("detail", deployment.map(Deployment::detail).orElse("the deployment no longer exists"));
                sink.send("done", done);
                return;
            }
            Thread.sleep(interval);
        }
    }

    static Map<String, Object> step(DeploymentStep step) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seq", step.seq());
        out.put("name", step.name());
        out.put("status", word(step.status()));
        out.put("detail", step.detail());
        return out;
    }

    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
