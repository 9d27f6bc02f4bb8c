package io.maestro.store.hook;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What git push webhooks have done: the delivery ids seen (a second delivery with one id is a
 * replay) and, per application, environment and commit, the one deployment the commit started.
 * Call both inside the transaction that queues the deployment, so a refused or failed request
 * leaves no trace and a provider's retry is accepted.
 */
public final class WebhookDeliveries {

    private static final String APPLICATION_ID = "(SELECT id FROM applications WHERE name = :app)";

    private final Database db;
    private final Clock clock;

    public WebhookDeliveries(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Records a delivery; {@code false} when this provider's delivery id was recorded before for
     * the application (a replay). A {@code NotFoundException} without such an application.
     */
    public boolean recordDelivery(String application, String provider, String deliveryId) {
        int inserted = db.withHandle(h -> h.createUpdate("INSERT INTO webhook_deliveries"
                        + " (application_id, provider, delivery_id, received_at)"
                        + " SELECT id, :provider, :delivery, :now FROM applications WHERE name = :app"
                        + " ON CONFLICT (application_id, provider, delivery_id) DO NOTHING")
                .bind("app", application)
                .bind("provider", provider)
                .bind("delivery", deliveryId)
                .bind("now", Instant.now(clock))
                .execute());
        if (inserted == 0 && !db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM applications WHERE name = :app")
                .bind("app", application).mapTo(Long.class).one() > 0)) {
            throw ApplicationDao.notFound(application);
        }
        return inserted > 0;
    }

    /** The deployment {@code commit} already started in the application's environment, if any. */
    public Optional<Long> deploymentFor(String application, String environment, String commit) {
        return db.withHandle(h -> h.createQuery("SELECT deployment_id FROM webhook_commits"
                        + " WHERE application_id = " + APPLICATION_ID + " AND environment = :env AND commit_sha = :sha")
                .bind("app", application)
                .bind("env", environment)
                .bind("sha", commit)
                .mapTo(Long.class)
                .findOne());
    }

    /**
     * Records that {@code commit} started {@code deploymentId}; {@code false} when another
     * deployment was recorded for it first (the caller rolls its own back).
     */
    public boolean recordDeployment(String application, String environment, String commit, long deploymentId) {
        return db.withHandle(h -> h.createUpdate("INSERT INTO webhook_commits"
                        + " (application_id, environment, commit_sha, deployment_id, created_at)"
                        + " SELECT id, :env, :sha, :deployment, :now FROM applications WHERE name = :app"
                        + " ON CONFLICT (application_id, environment, commit_sha) DO NOTHING")
                .bind("app", application)
                .bind("env", environment)
                .bind("sha", commit)
                .bind("deployment", deploymentId)
                .bind("now", Instant.now(clock))
                .execute()) > 0;
    }
}
