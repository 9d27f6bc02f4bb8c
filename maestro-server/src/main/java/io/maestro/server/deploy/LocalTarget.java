package io.maestro.server.deploy;

import io.maestro.hosts.exec.HostExecutor;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.kube.scale.ScaleRequest;
import io.maestro.local.LocalDeployment;
import io.maestro.local.LocalRuntime;
import io.maestro.local.LocalStatus;
import io.maestro.model.AppDefinition;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.model.service.DatabaseKind;
import io.maestro.store.Store;
import io.maestro.store.deploy.HostComponent;
import io.maestro.store.secret.SecretName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The control plane's one-machine target: the single {@link LocalRuntime} of this process (opened
 * on first use under {@code MAESTRO_HOME/local}, closed with the server), and where the data stores
 * of local-target environments live on this host ({@code MAESTRO_HOME/components}, the bridge's
 * address); {@link HostComponents} provisions them.
 *
 * <p>Why the runtime lives here: its TCP proxies (the services' published ports) live in the
 * process that holds it. When the control plane stops, the pods keep running but the published
 * ports close; the next deployment of the environment (a no-op for the pods) opens them again,
 * which is what a second {@code maestro up} does.
 *
 * <p>Data stores listen on the podman bridge's gateway (where containers reach this host as
 * {@code host.containers.internal}), not on every interface: a Redis without password must not
 * face the network. Their generated passwords are kept encrypted in the secret store (scope
 * {@code component:ENVIRONMENT}), never logged.
 */
public final class LocalTarget implements AutoCloseable {

    /** The name containers use for this host; podman writes it into every pod's /etc/hosts. */
    public static final String CONTAINER_HOST = "host.containers.internal";

    private final Path home;
    private final HostExecutor host;
    private LocalRuntime runtime;
    private boolean closed;

    private LocalTarget(Path home, HostExecutor host) {
        this.home = home.toAbsolutePath().normalize();
        this.host = host;
    }

    /** The local target of the control plane whose home is {@code home}; nothing starts until it is used. */
    public static LocalTarget under(Path home) {
        return new LocalTarget(home, new LocalExecutor());
    }

    /** The runtime, opened now when this is the first use (podman configured, pause image built). */
    public synchronized LocalRuntime runtime() {
        if (closed) {
            throw new DeployException(DeployException.Reason.CONFLICT, "the control plane is stopping");
        }
        if (runtime == null) {
            runtime = LocalRuntime.open(host, home.resolve("local"));
        }
        return runtime;
    }

    /** MAESTRO_HOME (the load balancer keeps its files and the development CA there). */
    Path home() {
        return home;
    }

    /** Whether the runtime was opened by this process (status reads podman only then). */
    synchronized boolean opened() {
        return runtime != null;
    }

    /**
     * Deploys the containers with the environment's resolved variables (the definition's, those set
     * through the API, the kept generated ones: rendered as the cluster target renders them), the
     * data stores' {@code connections} over them, and the counts kept by scaling.
     */
    LocalRuntime.DeployResult deploy(AppDefinition definition, String application, String environment,
            ResolvedEnvironment variables, Map<String, String> connections, Map<String, Integer> replicas) {
        return runtime().deploy(LocalDeployment.of(definition, application, environment)
                .withVariables(variables).withEnv(connections).withReplicas(replicas));
    }

    /**
     * Scales a deployed service on this host to {@code request} within {@code [min, max]} and returns
     * the count before and after; the caller keeps the new count as the service's desired count.
     *
     * @throws DeployException (INVALID) outside the bounds, (CONFLICT) when the service does not run here
     */
    int[] scale(String application, String environment, String service, ScaleRequest request, int min, int max) {
        int current = runtime().status(application, environment).service(service)
                .map(s -> s.desired() >= 0 ? s.desired() : s.replicas().size())
                .orElseThrow(() -> new DeployException(DeployException.Reason.CONFLICT, "service " + service + " of "
                        + application + "/" + environment + " does not run on this host; deploy it before scaling"));
        int wanted = request.resolve(current);
        if (wanted < min || wanted > max) {
            String range = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            throw new DeployException(DeployException.Reason.INVALID, "cannot scale " + service + ": expected a replica count "
                    + range + ", got " + wanted + (request.relative() ? " (" + current + " " + request + ")" : ""));
        }
        try {
            runtime().scale(application, environment, service, wanted);
        } catch (io.maestro.local.LocalException e) {
            throw new DeployException(DeployException.Reason.CONFLICT, e.getMessage());
        }
        return new int[] {current, wanted};
    }

    /** What runs for the environment, when this process opened the runtime (else empty: podman is not asked). */
    Optional<LocalStatus> status(String application, String environment) {
        if (!opened()) {
            return Optional.empty();
        }
        return Optional.of(runtime().status(application, environment));
    }

    /** Whether podman runs (or keeps) any pod of the environment. */
    boolean hasPods(String application, String environment) {
        return runtime().status(application, environment).services().stream().anyMatch(s -> !s.replicas().isEmpty());
    }

    /** What {@link #remove} took away. */
    public record Removal(boolean containers, List<String> components, boolean purged) {}

    /**
     * Removes the environment's containers and stops its host components; with {@code purge} also
     * their data, the containers' volumes and the recorded components and passwords.
     */
    Removal remove(Store store, String application, String environment, boolean purge) {
        runtime().remove(application, environment, purge);
        List<String> removed = new ArrayList<>();
        HostComponents components = new HostComponents(store, this);
        for (HostComponent component : store.hostComponents().list(application, environment)) {
            DatabaseKind kind = DatabaseKind.fromKey(component.kind()).orElseThrow();
            components.deprovision(component, purge);
            removed.add(kind.key() + " " + component.instance() + (component.server() == null ? "" : " on " + component.server()));
            if (purge) {
                store.secrets().delete(new SecretName(application, "component:" + environment, kind.key() + "." + component.grp()));
            }
        }
        if (purge) {
            store.hostComponents().deleteAll(application, environment);
        }
        return new Removal(true, removed, purge);
    }

    /** Closes the runtime: the published ports close; pods and data stores keep running. */
    @Override
    public synchronized void close() {
        closed = true;
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    /**
     * {@code MAESTRO_HOME/components} when the engines' own OS users (postgres, redis) can reach it,
     * i.e. every parent folder is searchable by others; otherwise (a home under a 0700 {@code /root})
     * {@code /var/lib/maestro/components}: the drivers would refuse a folder those users cannot enter.
     */
    String componentsDir() {
        Path wanted = home.resolve("components");
        Path chosen = searchableByOthers(home) ? wanted : FALLBACK_COMPONENTS;
        try {
            Files.createDirectories(chosen);
            Files.setPosixFilePermissions(chosen, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + chosen, e);
        }
        return chosen.toString();
    }

    private static final Path FALLBACK_COMPONENTS = Path.of("/var/lib/maestro/components");

    private static boolean searchableByOthers(Path dir) {
        try {
            for (Path p = dir; p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * The podman bridge's gateway when this host has that address (containers reach it as
     * {@code host.containers.internal}); otherwise, before podman ever created its bridge, every
     * interface, said in the log.
     */
    String bindAddress(Consumer<String> log) {
        String gateway = runtime().hostGateway();
        try {
            if (NetworkInterface.getByInetAddress(InetAddress.getByName(gateway)) != null) {
                return gateway;
            }
        } catch (SocketException | UnknownHostException e) {
            // fall through: the gateway is not an address of this host
        }
        log.accept("podman's bridge address " + gateway + " is not on this host yet: data stores listen on 0.0.0.0");
        return "0.0.0.0";
    }

    /** {@code APP-ENV[-GROUP]}, shortened with a hash when longer than the drivers accept. */
    static String instanceName(String application, String environment, String group) {
        String name = application + "-" + environment + ("default".equals(group) ? "" : "-" + group.replace('_', '-'));
        name = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (!Character.isLetter(name.charAt(0))) {
            name = "m" + name;
        }
        if (name.length() > 40) {
            name = name.substring(0, 31) + "-" + shortHash(name);
        }
        return name;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

