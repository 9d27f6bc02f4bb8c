package io.maestro.hosts.lb;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostException;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.plan.lb.LoadBalancerFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy in daemon mode with its own prefix. The generated file is loaded first, then every file
 * in the user's {@code custom/haproxy.d} folder ({@code -f DIR}). Validation is {@code haproxy -c};
 * a reload starts a new process that takes the listening sockets over from the old one through
 * the admin socket ({@code -x}) and tells it to finish its connections and exit ({@code -sf}), so
 * no connection is refused in between.
 */
public final class HaproxyRuntime implements ProxyRuntime {

    private final HostExecutor host;
    private final LoadBalancerFiles files;
    private final String binary;

    public HaproxyRuntime(HostExecutor host, LoadBalancerFiles files, String binary) {
        this.host = host;
        this.files = files;
        this.binary = binary;
    }

    @Override
    public String engine() {
        return "haproxy";
    }

    @Override
    public LoadBalancerFiles files() {
        return files;
    }

    @Override
    public void apply(String configuration) {
        ProcessSupport.prepare(host, files);
        String next = files.file("haproxy.cfg.next");
        host.writeFile(next, configuration.getBytes(StandardCharsets.UTF_8), 0644);
        ExecResult check = host.run(Command.of(binary, "-c", "-f", next, "-f", files.customHaproxyDir()));
        if (!check.succeeded()) {
            String rejected = files.file("haproxy.cfg.rejected");
            ProcessSupport.rename(host, next, rejected);
            throw new InvalidLoadBalancerConfigException(host.host(), "haproxy", rejected, check.stderr() + check.stdout());
        }
        ProcessSupport.rename(host, next, files.haproxyConf());
        List<String> old = ProcessSupport.pids(host, files);
        List<String> argv = new ArrayList<>(List.of(binary, "-D", "-p", files.pidFile(), "-f", files.haproxyConf(),
                "-f", files.customHaproxyDir()));
        List<String> running = old.stream().filter(pid -> ProcessSupport.alive(host, pid)).toList();
        if (!running.isEmpty()) {
            argv.addAll(List.of("-x", files.adminSocket(), "-sf"));
            argv.addAll(running);
        }
        host.run(Command.of(argv)).requireSuccess();
        if (!isRunning()) {
            throw new HostException(host.host(), "haproxy started but wrote no live pid to " + files.pidFile());
        }
    }

    @Override
    public boolean isRunning() {
        return ProcessSupport.anyAlive(host, ProcessSupport.pids(host, files));
    }

    @Override
    public void stop() {
        List<String> pids = ProcessSupport.pids(host, files).stream().filter(p -> ProcessSupport.alive(host, p)).toList();
        if (pids.isEmpty()) {
            return;
        }
        // SIGUSR1: soft stop, existing connections finish first.
        List<String> argv = new ArrayList<>(List.of("kill", "-USR1"));
        argv.addAll(pids);
        host.run(Command.of(argv)).requireSuccess();
        ProcessSupport.awaitExit(host, pids, "haproxy");
    }
}
