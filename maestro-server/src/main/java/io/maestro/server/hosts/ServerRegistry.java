package io.maestro.server.hosts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.hosts.exec.KnownHosts;
import io.maestro.hosts.exec.LocalExecutor;
import io.maestro.hosts.exec.SshExecutor;
import io.maestro.hosts.exec.SshTarget;
import io.maestro.hosts.facts.FactGatherer;
import io.maestro.hosts.facts.HostFacts;
import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.server.NewServer;
import io.maestro.store.server.Server;
import io.maestro.store.server.ServerDao;
import io.maestro.store.server.ServerKind;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The servers Maestro manages: registering one connects to it and gathers its facts before
 * anything is stored, so a server that cannot be reached, refuses the key or shows an untrusted
 * host key leaves nothing registered. Drivers get a {@link HostExecutor} for a registered server
 * from {@link #executor}.
 *
 * <pre>{@code
 * ServerRegistry servers = new ServerRegistry(store, json, Clock.systemUTC());
 * Server db1 = servers.register("db1", ServerSpec.ssh("root@10.0.0.5", privateKey, null, true), actor);
 * try (HostExecutor host = servers.executor("db1")) { ... }
 * }</pre>
 */
public final class ServerRegistry {

    /** Server names appear in URLs, audit lines and Kubernetes objects: a DNS label. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Store store;
    private final ObjectMapper json;
    private final FactGatherer facts;

    public ServerRegistry(Store store, ObjectMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.facts = new FactGatherer(clock);
    }

    /** How to reach a server being registered. */
    public sealed interface ServerSpec {
        /** This machine. */
        record Local() implements ServerSpec {
        }

        /**
         * A server over SSH. With {@code knownHosts} the host key must be one of them; without,
         * {@code trustNewHostKey} records the key the server presents (trust on first registration).
         */
        record Ssh(SshTarget target, String privateKey, String knownHosts, boolean trustNewHostKey) implements ServerSpec {
            @Override
            public String toString() {
                return "Ssh[" + target + ", private key redacted]";
            }
        }
    }

    /** Connects, gathers facts, then stores the server and audits it, all or nothing. */
    public Server register(String name, ServerSpec spec, Actor actor) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("server name '" + name
                    + "' is not a DNS label (lowercase letters, digits and '-', at most 63, not starting or ending with '-')");
        }
        if (store.servers().find(name).isPresent()) {
            throw new io.maestro.store.db.ConflictException("server '" + name + "' already exists (remove it first to re-register)");
        }
        return switch (spec) {
            case ServerSpec.Local local -> {
                HostFacts gathered = facts.gather(new LocalExecutor());
                yield store.inTransaction(() -> {
                    Server server = store.servers().add(NewServer.local(name, write(gathered), gathered.gatheredAt(), actor.name()));
                    store.audit().record(actor, "server.add", name, "local; " + summary(gathered));
                    return server;
                });
            }
            case ServerSpec.Ssh ssh -> {
                KnownHosts known = KnownHosts.parse(ssh.knownHosts());
                boolean trustNew = ssh.knownHosts() == null || ssh.knownHosts().isBlank() ? ssh.trustNewHostKey() : false;
                HostFacts gathered;
                KnownHosts trusted;
                try (SshExecutor executor = SshExecutor.connect(ssh.target(), ssh.privateKey(), known, trustNew)) {
                    gathered = facts.gather(executor);
                    trusted = executor.knownHosts();
                }
                SshTarget t = ssh.target();
                yield store.inTransaction(() -> {
                    Server server = store.servers().add(NewServer.ssh(name, t.user(), t.host(), t.port(), ssh.privateKey(),
                            trusted.text(), write(gathered), gathered.gatheredAt(), actor.name()));
                    store.audit().record(actor, "server.add", name, "ssh " + t + " host key "
                            + String.join(",", trusted.keysFor(t).stream().map(KnownHosts::fingerprint).toList())
                            + (trustNew ? " (trusted on registration)" : "") + "; " + summary(gathered));
                    return server;
                });
            }
        };
    }

    /** The server's facts as stored at registration. */
    public HostFacts facts(Server server) {
        try {
            return FactsJson.read(json.readTree(server.facts()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored facts of server '" + server.name() + "' are not JSON", e);
        }
    }

    /** An executor for a registered server: its host key must match the one recorded at registration. */
    public HostExecutor executor(String name) {
        Server server = store.servers().require(name);
        if (server.kind() == ServerKind.LOCAL) {
            return new LocalExecutor();
        }
        SshTarget target = new SshTarget(server.sshUser(), server.sshHost(), server.sshPort());
        String key = store.servers().privateKey(name).orElseThrow(() -> ServerDao.notFound(name));
        return SshExecutor.connect(target, key, KnownHosts.parse(server.knownHosts()), false);
    }

    /** Runs argv on the server; audited with the command and exit code, never the output. */
    public ExecResult exec(String name, List<String> argv, java.time.Duration timeout, Actor actor) {
        Server server = store.servers().require(name);
        ExecResult result;
        try (HostExecutor host = executor(server.name())) {
            result = host.run(Command.of(argv).withTimeout(timeout));
        } catch (RuntimeException e) {
            store.audit().record(actor, "server.exec", name, "argv " + argvForAudit(argv) + " failed: " + e.getMessage());
            throw e;
        }
        store.audit().record(actor, "server.exec", name, "argv " + argvForAudit(argv) + " exited " + result.exitCode());
        return result;
    }

    /** Gives the server the build role with {@code slots} builds at once; audited. */
    public void setBuildRole(String name, int slots, Actor actor) {
        store.inTransaction(() -> {
            store.servers().setBuildRole(name, slots);
            store.audit().record(actor, "server.role", name, "build server, " + slots + " slot" + (slots == 1 ? "" : "s"));
            return null;
        });
    }

    /** Removes the server and its stored key; audited. Returns whether it existed. */
    public boolean remove(String name, Actor actor) {
        return store.inTransaction(() -> {
            boolean removed = store.servers().remove(name);
            if (removed) {
                store.audit().record(actor, "server.remove", name, "removed with its stored key");
            }
            return removed;
        });
    }

    private String write(HostFacts gathered) {
        return FactsJson.write(json, gathered, true).toString();
    }

    private static String summary(HostFacts facts) {
        return facts.os().prettyName() + ", " + facts.cores() + " cores";
    }

    private String argvForAudit(List<String> argv) {
        try {
            String text = json.writeValueAsString(argv);
            return text.length() <= 500 ? text : text.substring(0, 497) + "...";
        } catch (JsonProcessingException e) {
            return String.join(" ", argv);
        }
    }
}
