package io.maestro.store;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.app.VersionDao;
import io.maestro.store.audit.AuditLog;
import io.maestro.store.auth.TokenService;
import io.maestro.store.auth.UserDao;
import io.maestro.store.cluster.ClusterDao;
import io.maestro.store.build.BuildDao;
import io.maestro.store.build.BuildMinutesDao;
import io.maestro.store.publish.DeploymentOptionsDao;
import io.maestro.store.publish.DeploymentProfileDao;
import io.maestro.store.build.BuildPlanDao;
import io.maestro.store.build.RegistryCredentials;
import io.maestro.store.db.Database;
import io.maestro.store.deploy.DeploymentDao;
import io.maestro.store.deploy.DeploymentLogDao;
import io.maestro.store.deploy.DeploymentTargetDao;
import io.maestro.store.deploy.DesiredReplicasDao;
import io.maestro.store.deploy.DriftReportDao;
import io.maestro.store.deploy.EnvironmentSettingsDao;
import io.maestro.store.deploy.HostComponentDao;
import io.maestro.store.deploy.LeaseDao;
import io.maestro.store.deploy.StepJournal;
import io.maestro.store.env.EnvVarDao;
import io.maestro.store.hook.HookDao;
import io.maestro.store.hook.WebhookDeliveries;
import io.maestro.store.secret.SecretBox;
import io.maestro.store.secret.SecretStore;
import io.maestro.store.server.ServerDao;
import io.maestro.store.tls.CertificateDao;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The control plane's state, one object: every DAO over one {@link Database}, reading the time
 * from one {@link Clock}.
 *
 * <pre>{@code
 * Path home = MaestroHome.resolve(System.getenv());
 * Store store = Store.of(Database.open(databaseUrl, home), Clock.systemUTC(),
 *         new SecretBox(MasterKey.load(System.getenv(), home)));
 * store.inTransaction(() -> {
 *     store.applications().create("shop");
 *     return store.versions().add("shop", new NewVersion(serviceYml, null, "first", "alice"));
 * });
 * }</pre>
 */
public final class Store {

    private final Database database;
    private final ApplicationDao applications;
    private final VersionDao versions;
    private final UserDao users;
    private final TokenService tokens;
    private final AuditLog audit;
    private final LeaseDao leases;
    private final DeploymentDao deployments;
    private final StepJournal steps;
    private final SecretStore secrets;
    private final EnvVarDao envVars;
    private final EnvironmentSettingsDao environmentSettings;
    private final DeploymentTargetDao deploymentTargets;
    private final DeploymentLogDao deploymentLog;
    private final DesiredReplicasDao desiredReplicas;
    private final DriftReportDao driftReports;
    private final ClusterDao clusters;
    private final ServerDao servers;
    private final HostComponentDao hostComponents;
    private final BuildMinutesDao buildMinutes;
    private final DeploymentOptionsDao deploymentOptions;
    private final DeploymentProfileDao deploymentProfiles;
    private final BuildDao builds;
    private final BuildPlanDao buildPlans;
    private final RegistryCredentials registries;
    private final CertificateDao certificates;
    private final io.maestro.store.env.EnvVarShareDao envVarShares;
    private final HookDao hooks;
    private final WebhookDeliveries webhookDeliveries;

    private Store(Database database, Clock clock, SecretBox secretBox) {
        this.database = database;
        this.applications = new ApplicationDao(database, clock);
        this.versions = new VersionDao(database, clock);
        this.users = new UserDao(database, clock);
        this.tokens = new TokenService(database, clock);
        this.audit = new AuditLog(database, clock);
        this.leases = new LeaseDao(database, clock);
        this.deployments = new DeploymentDao(database, clock);
        this.steps = new StepJournal(database, clock);
        this.secrets = new SecretStore(database, clock, secretBox);
        this.envVars = new EnvVarDao(database, clock);
        this.environmentSettings = new EnvironmentSettingsDao(database, clock);
        this.deploymentTargets = new DeploymentTargetDao(database, clock);
        this.deploymentLog = new DeploymentLogDao(database, clock);
        this.desiredReplicas = new DesiredReplicasDao(database, clock);
        this.driftReports = new DriftReportDao(database, clock);
        this.clusters = new ClusterDao(database, clock, secretBox);
        this.servers = new ServerDao(database, clock, secretBox);
        this.hostComponents = new HostComponentDao(database, clock);
        this.buildMinutes = new BuildMinutesDao(database);
        this.deploymentOptions = new DeploymentOptionsDao(database, clock);
        this.deploymentProfiles = new DeploymentProfileDao(database, clock);
        this.builds = new BuildDao(database, clock);
        this.buildPlans = new BuildPlanDao(database, clock);
        this.registries = new RegistryCredentials(database, clock, secretBox);
        this.certificates = new CertificateDao(database, clock, secretBox);
        this.envVarShares = new io.maestro.store.env.EnvVarShareDao(database, clock);
        this.hooks = new HookDao(database, clock);
        this.webhookDeliveries = new WebhookDeliveries(database, clock);
    }

    public static Store of(Database database, Clock clock, SecretBox secretBox) {
        return new Store(database, clock, secretBox);
    }

    public Database database() {
        return database;
    }

    /** Runs {@code work} in one transaction: every DAO call inside it commits or rolls back together. */
    public <R> R inTransaction(Supplier<R> work) {
        return database.inTransaction(handle -> work.get());
    }

    public ApplicationDao applications() {
        return applications;
    }

    public VersionDao versions() {
        return versions;
    }

    public UserDao users() {
        return users;
    }

    public TokenService tokens() {
        return tokens;
    }

    public AuditLog audit() {
        return audit;
    }

    public LeaseDao leases() {
        return leases;
    }

    public DeploymentDao deployments() {
        return deployments;
    }

    public StepJournal steps() {
        return steps;
    }

    public SecretStore secrets() {
        return secrets;
    }

    public EnvVarDao envVars() {
        return envVars;
    }

    /** The data stores local-target deployments provisioned on the control plane's host. */
    public HostComponentDao hostComponents() {
        return hostComponents;
    }

    /** The load balancers' listen ports (stateless: a new DAO on the shared database). */
    public io.maestro.store.deploy.LoadBalancerPortDao loadBalancerPorts() {
        return new io.maestro.store.deploy.LoadBalancerPortDao(database);
    }

    /** The servers that serve cluster environments' load balancers (stateless: a new DAO on the shared database). */
    public io.maestro.store.deploy.LoadBalancerServerDao loadBalancerServers() {
        return new io.maestro.store.deploy.LoadBalancerServerDao(database);
    }

    public EnvironmentSettingsDao environmentSettings() {
        return environmentSettings;
    }

    public DeploymentTargetDao deploymentTargets() {
        return deploymentTargets;
    }

    public DeploymentLogDao deploymentLog() {
        return deploymentLog;
    }

    public DesiredReplicasDao desiredReplicas() {
        return desiredReplicas;
    }

    public DriftReportDao driftReports() {
        return driftReports;
    }

    public ClusterDao clusters() {
        return clusters;
    }

    public ServerDao servers() {
        return servers;
    }

    public BuildMinutesDao buildMinutes() {
        return buildMinutes;
    }

    /** What each deployment was asked for (services, refs, profile) and the build_command runs. */
    public DeploymentOptionsDao deploymentOptions() {
        return deploymentOptions;
    }

    /** Saved deploy options per application. */
    public DeploymentProfileDao deploymentProfiles() {
        return deploymentProfiles;
    }

    /** BuildGrid's builds and retags, with their logs. */
    public BuildDao builds() {
        return builds;
    }

    /** The Build Minutes plan of each account. */
    public BuildPlanDao buildPlans() {
        return buildPlans;
    }

    /** Credentials of the registries builds push to (passwords sealed). */
    public RegistryCredentials registries() {
        return registries;
    }

    /** TLS certificates users uploaded (keys encrypted). */
    public CertificateDao certificates() {
        return certificates;
    }

    /** Shares of env vars between applications (cross-application references). */
    public io.maestro.store.env.EnvVarShareDao envVarShares() {
        return envVarShares;
    }

    /** Redeploy hooks (secret URLs, stored hashed). */
    public HookDao hooks() {
        return hooks;
    }

    /** Git push webhook deliveries seen and the deployment each commit started. */
    public WebhookDeliveries webhookDeliveries() {
        return webhookDeliveries;
    }
}
