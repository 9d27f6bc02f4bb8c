package io.maestro.server.hook;

import io.maestro.model.DefinitionLoader;
import io.maestro.model.MaestroException;
import io.maestro.model.service.ServiceDefinition;
import io.maestro.server.deploy.DeployRequest;
import io.maestro.server.deploy.DeploymentInfo;
import io.maestro.store.Store;
import io.maestro.store.app.ApplicationVersion;
import io.maestro.store.audit.Actor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a verified webhook delivery into at most one deployment per application, environment
 * and commit. In one transaction it records the delivery id (a second one is a replay), matches
 * the push against the git-based services of the latest version, and queues their deployment at
 * the pushed commit unless the commit started one already. When queueing fails (no cluster, a
 * refused option) the transaction rolls back, so the provider's retry of the delivery counts.
 */
public final class GitPushHandler {

    private final Store store;
    private final DeployQueue queue;
    private final DefinitionLoader loader = DefinitionLoader.create();
    // Deliveries of one application are handled one at a time in this control plane; the
    // primary key of webhook_commits guards against other control planes on the same database.
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public GitPushHandler(Store store, DeployQueue queue) {
        this.store = store;
        this.queue = queue;
    }

    /** Handles a verified delivery for {@code application}'s {@code environment}. */
    public PushOutcome handle(String application, String environment, WebhookEvent event, Actor actor) {
        synchronized (locks.computeIfAbsent(application, a -> new Object())) {
            try {
                return store.inTransaction(() -> handleInTransaction(application, environment, event, actor));
            } catch (LostRace race) {
                return new PushOutcome.Duplicate(race.deploymentId);
            }
        }
    }

    private PushOutcome handleInTransaction(String application, String environment, WebhookEvent event, Actor actor) {
        String provider = event instanceof WebhookEvent.Push p ? p.push().provider() : ((WebhookEvent.Other) event).provider();
        if (!store.webhookDeliveries().recordDelivery(application, provider, event.deliveryId())) {
            return new PushOutcome.Replayed(event.deliveryId());
        }
        if (!(event instanceof WebhookEvent.Push(GitPush push))) {
            return new PushOutcome.NotDeployed("event " + ((WebhookEvent.Other) event).event() + " is not a push");
        }
        if (push.commit().isEmpty()) {
            return new PushOutcome.NotDeployed("the push deleted " + push.ref());
        }
        Optional<ApplicationVersion> latest = store.versions().latest(application);
        if (latest.isEmpty()) {
            return new PushOutcome.NotDeployed("application '" + application + "' has no version yet");
        }
        ServiceDefinition definition;
        try {
            ApplicationVersion version = latest.get();
            definition = loader.load(DefinitionLoader.Source.text("service.yml", version.serviceYml()),
                    Optional.ofNullable(version.manifestYml()).map(m -> DefinitionLoader.Source.text("manifest.yml", m)),
                    environment).services();
        } catch (MaestroException e) {
            return new PushOutcome.NotDeployed("version " + latest.get().version() + " does not load for environment "
                    + environment + ": " + e.getMessage());
        }
        Set<String> services = PushMatcher.match(definition, push);
        if (services.isEmpty()) {
            return new PushOutcome.NotDeployed(PushMatcher.noMatchReason(definition, push));
        }
        String commit = push.commit().get();
        Optional<Long> existing = store.webhookDeliveries().deploymentFor(application, environment, commit);
        if (existing.isPresent()) {
            return new PushOutcome.Duplicate(existing.get());
        }
        Map<String, String> refs = new LinkedHashMap<>();
        services.forEach(service -> refs.put(service, commit));
        DeployRequest request = new DeployRequest(environment, OptionalInt.of(latest.get().version()), services, refs,
                Optional.empty(), Optional.empty(), push.trigger());
        DeploymentInfo queued = queue.request(application, request, actor);
        if (!store.webhookDeliveries().recordDeployment(application, environment, commit, queued.id())) {
            // Another control plane recorded this commit first: roll our deployment back, answer with theirs.
            long theirs = store.webhookDeliveries().deploymentFor(application, environment, commit).orElseThrow();
            throw new LostRace(theirs);
        }
        return new PushOutcome.Queued(queued, services);
    }

    /** Rolls the transaction back when another control plane won the commit. */
    private static final class LostRace extends RuntimeException {
        final long deploymentId;

        LostRace(long deploymentId) {
            super(null, null, false, false);
            this.deploymentId = deploymentId;
        }
    }
}
