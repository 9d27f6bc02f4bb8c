package io.maestro.store.cluster;

import io.maestro.store.db.ConflictException;
import io.maestro.store.db.Database;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.db.Redacted;
import io.maestro.store.secret.Sealed;
import io.maestro.store.secret.SecretBox;
import io.maestro.store.secret.SecretName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Registered Kubernetes clusters by name. The kubeconfig (which carries the cluster's
 * credentials) is sealed with the {@link SecretBox} before it reaches SQL and bound as
 * {@link Redacted}, so the database holds only its ciphertext and no error message shows it.
 *
 * <pre>{@code
 * store.clusters().add(new NewCluster("prod", "prod-admin", "https://10.0.0.1:6443", text, "alice"));
 * String kubeconfig = store.clusters().kubeconfig("prod").orElseThrow();
 * }</pre>
 */
public final class ClusterDao {

    private static final RowMapper<Cluster> MAPPER = ConstructorMapper.of(Cluster.class);
    private static final RowMapper<Sealed> SEALED = (rs, ctx) -> new Sealed(
            rs.getBytes("kubeconfig_ciphertext"), rs.getBytes("kubeconfig_nonce"), rs.getString("key_id"));
    private static final String COLUMNS = "id, name, context, server, added_at, added_by";

    private final Database db;
    private final Clock clock;
    private final SecretBox box;

    public ClusterDao(Database db, Clock clock, SecretBox box) {
        this.db = db;
        this.clock = clock;
        this.box = box;
    }

    /** Registers the cluster; a {@link ConflictException} if the name is taken. */
    public Cluster add(NewCluster cluster) {
        Sealed sealed = box.seal(secretName(cluster.name()), cluster.kubeconfig().getBytes(StandardCharsets.UTF_8));
        return db.withHandle(h -> h.createQuery("INSERT INTO clusters"
                        + " (name, context, server, kubeconfig_ciphertext, kubeconfig_nonce, key_id, added_at, added_by)"
                        + " VALUES (:name, :context, :server, :ciphertext, :nonce, :key, :now, :by)"
                        + " ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
                .bind("name", cluster.name())
                .bind("context", cluster.context())
                .bind("server", cluster.server())
                .bind("ciphertext", Redacted.of(sealed.ciphertext()))
                .bind("nonce", Redacted.of(sealed.nonce()))
                .bind("key", sealed.keyId())
                .bind("now", Instant.now(clock))
                .bind("by", cluster.addedBy())
                .map(MAPPER)
                .findOne()
                .orElseThrow(() -> new ConflictException("cluster '" + cluster.name() + "' already exists")));
    }

    public Optional<Cluster> find(String name) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM clusters WHERE name = :name")
                .bind("name", name)
                .map(MAPPER)
                .findOne());
    }

    /** The cluster, or a {@link NotFoundException} naming it. */
    public Cluster require(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    /** Every registered cluster, by name. */
    public List<Cluster> list() {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM clusters ORDER BY name")
                .map(MAPPER)
                .list());
    }

    /**
     * The cluster's kubeconfig in clear, if the cluster exists; a {@code StoreException} when it
     * cannot be decrypted (another master key, or an altered row). Never log it.
     */
    public Optional<String> kubeconfig(String name) {
        return db.withHandle(h -> h.createQuery("SELECT kubeconfig_ciphertext, kubeconfig_nonce, key_id"
                        + " FROM clusters WHERE name = :name")
                .bind("name", name)
                .map(SEALED)
                .findOne())
                .map(sealed -> new String(box.open(secretName(name), sealed), StandardCharsets.UTF_8));
    }

    /** Removes the cluster (and its kubeconfig); returns whether it existed. */
    public boolean delete(String name) {
        return db.withHandle(h -> h.createUpdate("DELETE FROM clusters WHERE name = :name")
                .bind("name", name)
                .execute()) > 0;
    }

    /** The exception for a cluster that is not registered. */
    public static NotFoundException notFound(String name) {
        return new NotFoundException("no cluster named '" + name + "'");
    }

    /**
     * The name a kubeconfig is sealed under. Clusters belong to no application: the empty
     * application name (which no application can have) keeps these apart from every
     * application secret, and the cluster's name binds each ciphertext to its own row.
     */
    static SecretName secretName(String cluster) {
        return new SecretName("", "cluster-kubeconfig", cluster);
    }
}
