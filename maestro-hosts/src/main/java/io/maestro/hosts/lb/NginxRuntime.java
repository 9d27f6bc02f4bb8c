package io.maestro.hosts.lb;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostException;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.plan.lb.LoadBalancerFiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * nginx with its own prefix ({@code nginx -p PREFIX -c PREFIX/nginx.conf}), never the system's
 * {@code /etc/nginx}. Validation is {@code nginx -t} on the new file; activation is a rename and
 * {@code nginx -s reload}, which starts new workers with the new configuration while the old ones
 * finish their requests.
 *
 * <pre>{@code
 * NginxRuntime nginx = new NginxRuntime(new LocalExecutor(), new LoadBalancerFiles("/var/lib/maestro/lb"), "nginx");
 * nginx.apply(NginxRenderer.render(spec, NginxOptions.DEBIAN));
 * }</pre>
 */
public final class NginxRuntime implements ProxyRuntime {

    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);

    private final HostExecutor host;
    private final LoadBalancerFiles files;
    private final String binary;

    public NginxRuntime(HostExecutor host, LoadBalancerFiles files, String binary) {
        this.host = host;
        this.files = files;
        this.binary = binary;
    }

    @Override
    public String engine() {
        return "nginx";
    }

    @Override
    public LoadBalancerFiles files() {
        return files;
    }

    @Override
    public void apply(String configuration) {
        ProcessSupport.prepare(host, files);
        String next = files.file("nginx.conf.next");
        host.writeFile(next, configuration.getBytes(StandardCharsets.UTF_8), 0644);
        ExecResult check = host.run(nginx(next, "-t", "-q"));
        if (!check.succeeded()) {
            String rejected = files.file("nginx.conf.rejected");
            ProcessSupport.rename(host, next, rejected);
            throw new InvalidLoadBalancerConfigException(host.host(), "nginx", rejected, check.stderr() + check.stdout());
        }
        ProcessSupport.rename(host, next, files.nginxConf());
        List<String> masters = ProcessSupport.pids(host, files);
        if (ProcessSupport.anyAlive(host, masters)) {
            String master = masters.get(0);
            Set<String> oldWorkers = children(master);
            host.run(nginx(files.nginxConf(), "-s", "reload")).requireSuccess();
            awaitNewWorkers(master, oldWorkers);
        } else {
            host.run(nginx(files.nginxConf())).requireSuccess();
            if (!isRunning()) {
                throw new HostException(host.host(), "nginx started but wrote no live pid to " + files.pidFile()
                        + "; see " + files.logsDir() + "/error.log");
            }
        }
    }

    @Override
    public boolean isRunning() {
        return ProcessSupport.anyAlive(host, ProcessSupport.pids(host, files));
    }

    @Override
    public void stop() {
        List<String> pids = ProcessSupport.pids(host, files);
        if (!ProcessSupport.anyAlive(host, pids)) {
            return;
        }
        host.run(nginx(files.nginxConf(), "-s", "quit")).requireSuccess();
        ProcessSupport.awaitExit(host, pids, "nginx");
    }

    /**
     * {@code nginx -s reload} only signals the master. It loads the file and starts new workers
     * (then tells the old ones to finish), so a new worker pid means the new configuration serves;
     * none appearing means the master refused it (a port in use, say) and kept the old one.
     */
    private void awaitNewWorkers(String master, Set<String> oldWorkers) {
        long deadline = System.nanoTime() + RELOAD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> now = children(master);
            if (now.stream().anyMatch(pid -> !oldWorkers.contains(pid))) {
                awaitOldWorkersGone(master, oldWorkers);
                return;
            }
            ProcessSupport.sleep(20);
        }
        throw new HostException(host.host(), "nginx did not start workers with the new configuration within "
                + RELOAD_TIMEOUT.toSeconds() + " s; it keeps serving the previous one. See " + files.logsDir() + "/error.log");
    }

    /**
     * Old workers keep accepting on the shared listening sockets until they process the master's
     * QUIT, so for a moment a new connection may still meet the previous configuration. Idle
     * ones exit at once; ones still finishing requests get {@link #DRAIN_WAIT} before apply
     * returns anyway (they stop accepting first, then finish what they serve).
     */
    private void awaitOldWorkersGone(String master, Set<String> oldWorkers) {
        long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> now = children(master);
            if (now.stream().noneMatch(oldWorkers::contains)) {
                return;
            }
            ProcessSupport.sleep(20);
        }
    }

    private Set<String> children(String pid) {
        ExecResult result = host.run(Command.of("pgrep", "-P", pid));
        return new HashSet<>(Arrays.asList(result.stdout().strip().split("\\s+")));
    }

    private Command nginx(String config, String... extra) {
        List<String> argv = new ArrayList<>(List.of(binary, "-p", files.prefix() + "/", "-c", config,
                "-e", files.logsDir() + "/error.log"));
        argv.addAll(List.of(extra));
        return Command.of(argv);
    }
}
