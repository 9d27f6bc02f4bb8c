package io.maestro.hosts.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostException;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.plan.lb.LoadBalancerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyInstallerTest {

    /** A host that answers the probe with {@code missing} and apt-get with {@code aptExit}; records every argv. */
    private static final class ScriptedHost implements HostExecutor {
        final List<List<String>> ran = new ArrayList<>();
        final List<String> written = new ArrayList<>();
        private final String missing;
        private final int aptExit;

        ScriptedHost(String missing, int aptExit) {
            this.missing = missing;
            this.aptExit = aptExit;
        }

        @Override
        public String host() {
            return "ssh root@edge1";
        }

        @Override
        public ExecResult run(Command command) {
            ran.add(command.argv());
            String program = command.argv().get(0);
            if (program.equals("sh") && command.argv().get(2).contains("command -v")) {
                return result(command, 0, missing, "");
            }
            if (program.equals("apt-get")) {
                return result(command, aptExit, "Reading package lists...", aptExit == 0 ? "" : "E: Unable to locate package nginx");
            }
            if (program.equals("test")) {
                return result(command, 1, "", "");   // no policy-rc.d yet
            }
            return result(command, 0, "", "");   // the lists exist, rm succeeds
        }

        private ExecResult result(Command command, int exit, String out, String err) {
            return new ExecResult(host(), command, exit, out, err, Duration.ZERO);
        }

        @Override
        public void writeFile(String path, byte[] content, int mode) {
            written.add(path);
        }

        @Override
        public Optional<byte[]> readFile(String path) {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void anInstalledEngineIsLeftAloneAfterOneProbe() {
        ScriptedHost host = new ScriptedHost("", 0);

        assertThat(ProxyInstaller.ensureInstalled(host, LoadBalancerSpec.Engine.NGINX)).isFalse();

        assertThat(host.ran).hasSize(1);
        assertThat(host.written).isEmpty();
    }

    @Test
    void whatIsMissingIsInstalledWithoutStartingItsDefaultDaemon() {
        ScriptedHost host = new ScriptedHost("nginx\nlibnginx-mod-stream\n", 0);

        assertThat(ProxyInstaller.ensureInstalled(host, LoadBalancerSpec.Engine.NGINX)).isTrue();

        assertThat(host.ran).anySatisfy(argv -> assertThat(argv).startsWith("apt-get", "install")
                .endsWith("nginx", "libnginx-mod-stream"));
        assertThat(host.written).containsExactly("/usr/sbin/policy-rc.d");
        assertThat(host.ran.get(host.ran.size() - 1)).containsExactly("rm", "-f", "/usr/sbin/policy-rc.d");
    }

    @Test
    void aFailedInstallNamesTheHostThePackagesAptsAnswerAndWhatToDo() {
        ScriptedHost host = new ScriptedHost("haproxy\n", 100);

        assertThatThrownBy(() -> ProxyInstaller.ensureInstalled(host, LoadBalancerSpec.Engine.HAPROXY))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("on ssh root@edge1: cannot install the load balancer (haproxy)")
                .hasMessageContaining("exited 100")
                .hasMessageContaining("Unable to locate package")
                .hasMessageContaining("hint: install it yourself on the server, e.g. apt-get install haproxy");
        assertThat(host.ran.get(host.ran.size() - 1)).containsExactly("rm", "-f", "/usr/sbin/policy-rc.d");
    }
}
