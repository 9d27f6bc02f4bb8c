package io.maestro.server.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.hosts.component.ComponentDriver;
import io.maestro.hosts.component.Connection;
import io.maestro.hosts.component.ConnectionVariables;
import io.maestro.hosts.component.InstanceSpec;
import io.maestro.hosts.component.Placement;
import io.maestro.hosts.component.PlacementPlanner;
import io.maestro.hosts.component.PlannedComponent;
import io.maestro.hosts.component.Secret;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.model.AppDefinition;
import io.maestro.model.service.DatabaseKind;
import io.maestro.server.hosts.ServerRegistry;
import io.maestro.store.Store;
import io.maestro.store.deploy.HostComponent;
import io.maestro.store.env.EnvVarChange;
import io.maestro.store.secret.SecretName;
import io.maestro.store.server.Server;
import io.maestro.store.server.ServerKind;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Places and provisions the data stores of one application environment, wherever the manifest
 * puts them (the {@code provision host components} step of both deploy paths):
 * <ul>
 *   <li>{@link Placement.Dedicated} / {@link Placement.CoLocated}: the registered server whose name is
 *       the manifest server's {@code unique_name} ({@code maestro servers add NAME ...}); SSH for a
 *       remote one. The store listens on the server's SSH host address and the manifest's port.</li>
 *   <li>{@link Placement.DefaultServer}: for a local-target environment this host (the podman
 *       bridge's gateway, a free port), as {@code maestro up} needs; otherwise the environment's
 *       {@code server} setting, else the only registered server.</li>
 *   <li>{@link Placement.External}: nothing provisioned; the address and port come from the manifest,
 *       the credentials from the variables set through the API ({@code POSTGRESQL_USERNAME}, ...).</li>
 * </ul>
 * Every placement is checked before anything is provisioned, so a missing server or a component the
 * manifest moved to another server changes nothing. A component is recorded (row and password) only
 * once its driver provisioned it: a failing install, port or start leaves nothing half-registered.
 * Data are never moved: a component recorded on one server and placed on another is refused.
 */
final class HostComponents {

    /** Where data stores live on a registered server (the drivers need a folder the engines' users can enter). */
    static final String SERVER_COMPONENTS = "/var/lib/maestro/components";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");

    private final Store store;
    private final Function<String, HostExecutor> executors;
    private final LocalTarget local;

    /** @param local the control plane's one-machine target; {@code null} when it has none */
    HostComponents(Store store, LocalTarget local) {
        this(store, local, new ServerRegistry(store, new ObjectMapper(), Clock.systemUTC())::executor);
    }

    /** With {@code executors} opening a registered server by name (tests put a faulty host behind one). */
    HostComponents(Store store, LocalTarget local, Function<String, HostExecutor> executors) {
        this.store = store;
        this.executors = executors;
        this.local = local;
    }

    /**
     * One placed group: where it lives and how the workloads reach it.
     *
     * @param component the planned group
     * @param server the registered server it lives on; {@code null} for this host or an external store
     * @param connection how workloads reach it (address, port, credentials); for an external store the
     *     manifest's address (empty when it gives none) and the credentials set through the API
     */
    record Placed(PlannedComponent component, String server, Connection connection) {
        Placed {
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(connection, "connection");
        }

        /** The variables containers receive ({@code POSTGRESQL_ADDRESS}, ...). */
        Map<String, String> variables() {
            return ConnectionVariables.forGroup(component.kind(), component.group(), component.primary(),
                    component.explicitGroups(), connection);
        }
    }

    /** Where one managed group goes, decided before anything is provisioned. */
    private record Destination(PlannedComponent component, Server server) {
        String serverName() {
            return server == null ? null : server.name();
        }
    }

    /**
     * Provisions (idempotently) every data store group of the environment where it is placed.
     *
     * @param localTarget whether the environment's containers run on this host with podman (then
     *     unplaced stores go to this host and containers reach it as {@code host.containers.internal})
     */
    List<Placed> provision(AppDefinition definition, String application, String environment, boolean localTarget,
            Consumer<String> log, List<String> notes) {
        PlacementPlanner.PlacementPlan plan = PlacementPlanner.plan(definition, environment);
        plan.withoutDriver().forEach(kind -> notes.add(kind.key() + " has no driver yet: not provisioned"));
        if (plan.components().isEmpty()) {
            notes.add("no data stores declared");
            return List.of();
        }
        List<Destination> destinations = new ArrayList<>();
        for (PlannedComponent component : plan.components()) {
            if (component.placement().managed()) {
                destinations.add(new Destination(component, serverFor(component, application, environment, localTarget)));
            }
        }
        for (Destination destination : destinations) {
            refuseMove(destination, application, environment);
        }
        Map<String, String> api = apiVariables(application, environment);
        List<Placed> placed = new ArrayList<>();
        for (PlannedComponent component : plan.components()) {
            if (component.placement() instanceof Placement.External external) {
                Connection connection = externalConnection(component, external, api);
                placed.add(new Placed(component, null, connection));
                notes.add(label(component) + " external" + external.address().map(a -> " at " + a + ":" + external.port()).orElse(""));
                continue;
            }
            Destination destination = destinations.stream().filter(d -> d.component() == component).findFirst().orElseThrow();
            placed.add(provisionOne(destination, application, environment, localTarget, log, notes));
        }
        return List.copyOf(placed);
    }

    /** The variables of every placed group, as containers on this host receive them. */
    static Map<String, String> variables(List<Placed> placed) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Placed p : placed) {
            if (p.component().placement() instanceof Placement.External && p.connection().address().isEmpty()) {
                continue;   // an external store without an address in the manifest: the user sets its variables
            }
            variables.putAll(p.variables());
        }
        return variables;
    }

    private Server serverFor(PlannedComponent component, String application, String environment, boolean localTarget) {
        return switch (component.placement()) {
            case Placement.Dedicated dedicated -> registered(component, dedicated.server(), "the manifest's server unique_name");
            case Placement.CoLocated coLocated -> registered(component, coLocated.server(),
                    "reached through same_as " + String.join(" -> ", coLocated.via()));
            case Placement.DefaultServer ignored -> localTarget ? null : defaultServer(component, application, environment);
            case Placement.External ignored -> throw new IllegalStateException("an external store is not provisioned");
        };
    }

    private Server registered(PlannedComponent component, String name, String why) {
        return new ServerChoice(store).named(label(component), name, why);
    }

    private Server defaultServer(PlannedComponent component, String application, String environment) {
        return new ServerChoice(store).environmentDefault(label(component), application, environment, "");
    }

    private void refuseMove(Destination destination, String application, String environment) {
        PlannedComponent component = destination.component();
        store.hostComponents().find(application, environment, component.kind().key(), component.group()).ifPresent(known -> {
            if (!Objects.equals(known.server(), destination.serverName())) {
                throw new DeployException(DeployException.Reason.CONFLICT, label(component) + " lives on "
                        + where(known.server()) + " (instance " + known.instance() + ") but the manifest now places it on "
                        + where(destination.serverName()) + "; Maestro does not move data. Place it back on "
                        + where(known.server()) + ", or move the data yourself and remove the recorded component"
                        + " (maestro down --purge for a local-target environment)");
            }
        });
    }

    private static String where(String server) {
        return server == null ? "this host (the control plane's)" : "server '" + server + "'";
    }

    private Placed provisionOne(Destination destination, String application, String environment, boolean localTarget,
            Consumer<String> log, List<String> notes) {
        PlannedComponent component = destination.component();
        DatabaseKind kind = component.kind();
        Server server = destination.server();
        boolean thisHost = server == null || server.kind() == ServerKind.LOCAL;
        Optional<HostComponent> known = store.hostComponents().find(application, environment, kind.key(), component.group());
        String instance = known.map(HostComponent::instance)
                .orElse(LocalTarget.instanceName(application, environment, component.group()));
        String bind;
        String reach;
        String baseDir;
        int port;
        if (server == null) {
            // This host for a local-target environment, as maestro up has always done: the podman
            // bridge's gateway and a port of our choosing (the manifest's may be taken on a dev machine).
            bind = requireLocal().bindAddress(log);
            reach = LocalTarget.CONTAINER_HOST;
            baseDir = requireLocal().componentsDir();
            port = known.filter(k -> k.bindAddress().equals(bind)).map(HostComponent::port).orElseGet(() -> freePort(bind));
        } else if (thisHost) {
            bind = localTarget ? requireLocal().bindAddress(log) : outboundAddress();
            reach = localTarget ? LocalTarget.CONTAINER_HOST : bind;
            baseDir = local != null ? local.componentsDir() : SERVER_COMPONENTS;
            port = known.map(HostComponent::port).orElseGet(() -> serverPort(component, server));
        } else {
            reach = server.sshHost();
            bind = ipOf(reach);
            baseDir = SERVER_COMPONENTS;
            port = known.map(HostComponent::port).orElseGet(() -> serverPort(component, server));
        }
        InstanceSpec spec = InstanceSpec.of(instance, baseDir, bind, port);
        log.accept(label(component) + ": instance " + instance + " on " + where(destination.serverName()) + ", " + bind + ":" + port);
        Connection provisioned;
        try (HostExecutor host = server == null ? new LocalExecutor() : executors.apply(server.name())) {
            ComponentDriver driver = ComponentDriver.forKind(kind, host);
            driver.ensureInstalled();
            provisioned = driver.provision(spec);
        }
        store.inTransaction(() -> {
            store.hostComponents().record(application, environment, kind.key(), component.group(), instance, bind, port,
                    destination.serverName());
            provisioned.password().ifPresent(password -> store.secrets().put(secretName(application, environment, kind,
                    component.group()), password.reveal()));
            return null;
        });
        notes.add(kind.key() + " " + instance + " on " + (server == null ? "" : server.name() + " ") + bind + ":" + port
                + provisioned.database().map(db -> " database " + db).orElse(""));
        return new Placed(component, destination.serverName(), new Connection(reach, provisioned.port(),
                provisioned.username(), provisioned.password(), provisioned.database()));
    }

    /**
     * The port of a new instance on a registered server: the manifest's when it sets one (taken is an
     * error, not a reason to move), else the engine's default unless another recorded instance on that
     * server has it (several environments share a server through {@code same_as}), then the next free one.
     */
    private int serverPort(PlannedComponent component, Server server) {
        if (component.configuration().optionalPort().isPresent()) {
            return component.port();
        }
        List<Integer> used = store.hostComponents().portsOn(server.name());
        int port = component.port();
        while (used.contains(port)) {
            port++;
        }
        return port;
    }

    /** Where a component's password is kept. */
    static SecretName secretName(String application, String environment, DatabaseKind kind, String group) {
        return new SecretName(application, "component:" + environment, kind.key() + "." + group);
    }

    /**
     * An external store: the manifest's address and port, and the credentials the user set through
     * the API under the group's first variable prefix ({@code POSTGRESQL_USERNAME}, {@code _PASSWORD},
     * {@code _DATABASE}; {@code MYSQL_REPORTING_...} for a secondary group).
     */
    private static Connection externalConnection(PlannedComponent component, Placement.External external,
            Map<String, String> api) {
        String prefix = component.primary() ? component.kind().envPrefix()
                : component.kind().envPrefix() + "_" + component.group().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        return new Connection(external.address().orElse(""), external.port(),
                Optional.ofNullable(api.get(prefix + "_USERNAME")),
                Optional.ofNullable(api.get(prefix + "_PASSWORD")).map(Secret::of),
                Optional.ofNullable(api.get(prefix + "_DATABASE")));
    }

    /** The application-wide variables set through the API, for every environment then this one (which wins). */
    private Map<String, String> apiVariables(String application, String environment) {
        List<EnvVarChange> set = new ArrayList<>(store.envVars().currentIn(application, null, null));
        set.addAll(store.envVars().currentIn(application, null, environment));
        Map<String, String> values = new LinkedHashMap<>();
        for (EnvVarChange change : set) {
            if (change.isSecret()) {
                store.secrets().get(io.maestro.server.env.EnvVarValues.secretOf(change)).ifPresent(v -> values.put(change.name(), v));
            } else {
                values.put(change.name(), change.value());
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /** {@code postgresql (group default)}. */
    static String label(PlannedComponent component) {
        return component.kind().key() + " (group " + component.group() + ")";
    }

    private LocalTarget requireLocal() {
        if (local == null) {
            throw new DeployException(DeployException.Reason.CONFLICT, "this control plane has no local target"
                    + " (it runs without a MAESTRO_HOME); register a server for the data stores");
        }
        return local;
    }

    /** The IP literal a server's SSH host stands for: the stores bind to it (the drivers take IP literals). */
    private static String ipOf(String host) {
        if (IPV4.matcher(host).matches() || host.contains(":")) {
            return host;
        }
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new DeployException(DeployException.Reason.CONFLICT, "cannot resolve the address of server host '" + host
                    + "': " + e.getMessage());
        }
    }

    /**
     * This host's first non-loopback IPv4 address (where cluster workloads reach a store on the
     * control plane's host), else {@code 127.0.0.1}.
     */
    private static String outboundAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual() || nic.getName().startsWith("podman")
                        || nic.getName().startsWith("veth")) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        return "127.0.0.1";
    }

    private static int freePort(String bind) {
        return io.maestro.hosts.net.FreePorts.tcp(bind);
    }

    /** Stops (and with {@code purge} deletes the data of) one recorded component, on the server it lives on. */
    void deprovision(HostComponent component, boolean purge) {
        DatabaseKind kind = DatabaseKind.fromKey(component.kind()).orElseThrow();
        String baseDir = component.server() == null ? requireLocal().componentsDir()
                : store.servers().find(component.server()).filter(s -> s.kind() == ServerKind.LOCAL && local != null)
                        .map(s -> local.componentsDir()).orElse(SERVER_COMPONENTS);
        InstanceSpec spec = InstanceSpec.of(component.instance(), baseDir, component.bindAddress(), component.port());
        try (HostExecutor host = component.server() == null ? new LocalExecutor() : executors.apply(component.server())) {
            ComponentDriver.forKind(kind, host).deprovision(spec, !purge);
        }
    }
}
