package io.maestro.hosts.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FactParsersTest {

    @Test
    void osReleaseValuesAreUnquoted() {
        OsRelease os = OsRelease.parse("""
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                # a comment
                ID=debian
                HOME_URL="https://www.debian.org/"
                """);
        assertThat(os).isEqualTo(new OsRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)", ""));
    }

    @Test
    void osReleaseEscapesAndDerivedDistributions() {
        OsRelease os = OsRelease.parse("ID=ubuntu\nID_LIKE=debian\nNAME='Ubuntu'\nPRETTY_NAME=\"A \\\"quoted\\\" \\$name\"\n");
        assertThat(os.prettyName()).isEqualTo("A \"quoted\" $name");
        assertThat(os.isLike("debian")).isTrue();
        assertThat(os.isLike("rhel")).isFalse();
        assertThat(OsRelease.parse("").id()).as("the specification's default").isEqualTo("linux");
    }

    @Test
    void dfGivesBytesCountedFromTheEnd() {
        DiskUsage disk = DiskUsage.parseDf("""
                Filesystem     1024-blocks     Used Available Capacity Mounted on
                /dev/sda1        102400000 51200000  46080000      53% /
                """);
        assertThat(disk).isEqualTo(new DiskUsage("/", 102400000L * 1024, 51200000L * 1024, 46080000L * 1024));
        assertThat(DiskUsage.parseDf("h\nmy disk 10 4 6 40% /").totalBytes()).isEqualTo(10240);
        assertThatThrownBy(() -> DiskUsage.parseDf("only a header")).hasMessageContaining("expected df -P -k output");
    }

    @Test
    void onlyInstalledDpkgPackagesCount() {
        InstalledPackages packages = InstalledPackages.parseDpkg(
                "ii \tbash\t5.2.15-2+b7\nrc \told-thing\t1.0\nii \tlibc6\t2.36-9\nii \tlibc6\t2.36-9\niU \thalf\t1\n");
        assertThat(packages.manager()).isEqualTo("dpkg");
        assertThat(packages.versions()).containsOnlyKeys("bash", "libc6").containsEntry("bash", "5.2.15-2+b7");
    }

    @Test
    void rpmPackagesSkipImportedKeys() {
        InstalledPackages packages = InstalledPackages.parseRpm("bash\t5.1.8-9.el9\ngpg-pubkey\t8483c65d-5ccc5b19\n");
        assertThat(packages.versions()).containsExactly(java.util.Map.entry("bash", "5.1.8-9.el9"));
    }

    @Test
    void theScriptOutputBecomesFacts() {
        String output = """
                @@os
                ID=rocky
                VERSION_ID="9.4"
                PRETTY_NAME="Rocky Linux 9.4"
                @@uname
                db1
                5.14.0-427.el9.x86_64
                x86_64
                @@cores
                8
                @@meminfo
                MemTotal:       16318480 kB
                MemFree:         1000000 kB
                @@df
                Filesystem 1024-blocks Used Available Capacity Mounted on
                /dev/vda1 41922540 2000000 39922540 5% /
                @@rpm
                postgresql-server\t16.1-1.el9
                """;
        Instant at = Instant.parse("2026-11-25T00:00:00Z");
        HostFacts facts = FactGatherer.parse(output, at);
        assertThat(facts.hostname()).isEqualTo("db1");
        assertThat(facts.os().prettyName()).isEqualTo("Rocky Linux 9.4");
        assertThat(facts.kernel()).isEqualTo("5.14.0-427.el9.x86_64");
        assertThat(facts.cores()).isEqualTo(8);
        assertThat(facts.memoryBytes()).isEqualTo(16318480L * 1024);
        assertThat(facts.disk().availableBytes()).isEqualTo(39922540L * 1024);
        assertThat(facts.packages().manager()).isEqualTo("rpm");
        assertThat(facts.packages().has("postgresql-server")).isTrue();
        assertThat(facts.gatheredAt()).isEqualTo(at);
    }

    @Test
    void aHostWithoutAPackageManagerOrOsReleaseStillHasFacts() {
        HostFacts facts = FactGatherer.parse("@@os\n@@uname\nbox\n6.1.0\naarch64\n@@cores\n1\n@@meminfo\nMemTotal: 1024 kB\n"
                + "@@df\nh\nrootfs 100 1 99 1% /\n", Instant.EPOCH);
        assertThat(facts.os()).isEqualTo(OsRelease.UNKNOWN);
        assertThat(facts.packages()).isEqualTo(InstalledPackages.NONE);
    }

    @Test
    void missingFactsAreNamed() {
        assertThatThrownBy(() -> FactGatherer.parse("@@uname\nbox\n6.1\nx86_64\n@@cores\nmany\n", Instant.EPOCH))
                .hasMessageContaining("expected a processor count, found: many");
        assertThatThrownBy(() -> FactGatherer.parse("@@uname\nbox\n6.1\nx86_64\n@@cores\n2\n", Instant.EPOCH))
                .hasMessageContaining("nothing for meminfo");
    }
}
