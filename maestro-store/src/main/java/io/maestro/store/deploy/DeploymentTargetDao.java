package io.maestro.store.deploy;

import io.maestro.store.db.Database;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * {@link DeploymentTarget}s, and the queries about past deployments the engine needs (the last
 * one that succeeded, the environments that were ever deployed).
 *
 * <p>Images are kept as lines {@code service<TAB>image}: service names are DNS labels and image
 * references contain neither tabs nor newlines.
 */
public final class DeploymentTargetDao {

    private static final RowMapper<Deployment> DEPLOYMENT = ConstructorMapper.of(Deployment.class);
    private static final String SELECT_DEPLOYMENT = "SELECT d.id, a.name AS application, d.environment, d.version, d.status,"
            + " d.requested_by, d.created_at, d.started_at, d.finished_at, d.detail"
            + " FROM deployments d JOIN applications a ON a.id = d.application_id";
    private static final RowMapper<DeploymentTarget> MAPPER = (rs, ctx) -> {
        long rollbackOf = rs.getLong("rollback_of");
        Long rollback = rs.wasNull() ? null : rollbackOf;
        return new DeploymentTarget(rs.getLong("deployment_id"), rs.getString("cluster"), rollback,
                decode(rs.getString("images")));
    };

    private final Database db;

    public DeploymentTargetDao(Database db, Clock clock) {
        this.db = db;
    }

    /** Records the target of a new deployment (replacing an earlier record of it). */
    public DeploymentTarget record(long deploymentId, String cluster, Long rollbackOf) {
        return db.withHandle(h -> h.createQuery("INSERT INTO deployment_targets (deployment_id, cluster, rollback_of, images)"
                        + " VALUES (:id, :cluster, :rollbackOf, NULL) ON CONFLICT (deployment_id) DO UPDATE SET"
                        + " cluster = excluded.cluster, rollback_of = excluded.rollback_of"
                        + " RETURNING deployment_id, cluster, rollback_of, images")
                .bind("id", deploymentId)
                .bind("cluster", cluster)
                .bindByType("rollbackOf", rollbackOf, Long.class)
                .map(MAPPER)
                .one());
    }

    /** Sets the cluster the deployment runs on. */
    public void setCluster(long deploymentId, String cluster) {
        db.withHandle(h -> h.createUpdate("UPDATE deployment_targets SET cluster = :cluster WHERE deployment_id = :id")
                .bind("id", deploymentId)
                .bind("cluster", cluster)
                .execute());
    }

    /** Records the image of every service, as rendered for the deployment. */
    public void setImages(long deploymentId, Map<String, String> images) {
        db.withHandle(h -> h.createUpdate("UPDATE deployment_targets SET images = :images WHERE deployment_id = :id")
                .bind("id", deploymentId)
                .bind("images", encode(images))
                .execute());
    }

    public Optional<DeploymentTarget> find(long deploymentId) {
        return db.withHandle(h -> h.createQuery("SELECT deployment_id, cluster, rollback_of, images"
                        + " FROM deployment_targets WHERE deployment_id = :id")
                .bind("id", deploymentId)
                .map(MAPPER)
                .findOne());
    }

    /** The newest deployment of the application environment that succeeded and is older than {@code beforeId}. */
    public Optional<Deployment> lastSucceeded(String application, String environment, long beforeId) {
        return db.withHandle(h -> h.createQuery(SELECT_DEPLOYMENT + " WHERE a.name = :app AND d.environment = :env"
                        + " AND d.status = :status AND d.id < :before ORDER BY d.id DESC LIMIT 1")
                .bind("app", application)
                .bind("env", environment)
                .bind("status", DeploymentStatus.SUCCEEDED)
                .bind("before", beforeId)
                .map(DEPLOYMENT)
                .findOne());
    }

    /** The newest deployment of the application environment, whatever its status. */
    public Optional<Deployment> latest(String application, String environment) {
        return db.withHandle(h -> h.createQuery(SELECT_DEPLOYMENT + " WHERE a.name = :app AND d.environment = :env"
                        + " ORDER BY d.id DESC LIMIT 1")
                .bind("app", application)
                .bind("env", environment)
                .map(DEPLOYMENT)
                .findOne());
    }

    /** The application's latest {@code limit} deployments to {@code environment}, newest first. */
    public List<Deployment> list(String application, String environment, int limit) {
        return db.withHandle(h -> h.createQuery(SELECT_DEPLOYMENT + " WHERE a.name = :app AND d.environment = :env"
                        + " ORDER BY d.id DESC LIMIT :limit")
                .bind("app", application)
                .bind("env", environment)
                .bind("limit", limit)
                .map(DEPLOYMENT)
                .list());
    }

    /** Every application environment that has a succeeded deployment: what the drift check looks at. */
    public List<Map.Entry<String, String>> deployedEnvironments() {
        return db.withHandle(h -> h.createQuery("SELECT DISTINCT a.name AS application, d.environment"
                        + " FROM deployments d JOIN applications a ON a.id = d.application_id"
                        + " WHERE d.status = :status ORDER BY a.name, d.environment")
                .bind("status", DeploymentStatus.SUCCEEDED)
                .map((rs, ctx) -> Map.entry(rs.getString("application"), rs.getString("environment")))
                .list());
    }

    static String encode(Map<String, String> images) {
        StringBuilder text = new StringBuilder();
        images.forEach((service, image) -> {
            if (service.contains("\t") || service.contains("\n") || image.contains("\t") || image.contains("\n")) {
                throw new IllegalArgumentException("service and image must not contain tabs or newlines: " + service);
            }
            text.append(service).append('\t').append(image).append('\n');
        });
        return text.toString();
    }

    static Map<String, String> decode(String text) {
        Map<String, String> images = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    images.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return images;
    }
}
