package io.maestro.hosts.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.hosts.exec.LocalExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A package that apt-get cannot install: the driver says which, with apt's own words, and leaves
 * the host as it was. Runs the real apt-get (as the test machine's root) on a package name that
 * exists nowhere, which fails before anything is downloaded.
 */
class InstallFailureIT {

    @Test
    void aFailingInstallNamesThePackageWithTheTailOfAptsOutput() {
        boolean policyBefore = Files.exists(Path.of("/usr/sbin/policy-rc.d"));
        RedisDriver driver = new RedisDriver(new LocalExecutor(), new Installation(
                List.of("maestro-no-such-package"), List.of("/usr/bin/maestro-no-such-binary")));
        assertThatThrownBy(driver::ensureInstalled)
                .isInstanceOf(ComponentInstallException.class)
                .hasMessageContaining("cannot install redis on local: 'apt-get install -y -q --no-install-recommends"
                        + " maestro-no-such-package' exited 100")
                .hasMessageContaining("Unable to locate package maestro-no-such-package");
        assertThat(Files.exists(Path.of("/usr/sbin/policy-rc.d"))).isEqualTo(policyBefore);
    }
}
