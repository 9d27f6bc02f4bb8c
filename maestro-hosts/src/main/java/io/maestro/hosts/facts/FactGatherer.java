package io.maestro.hosts.facts;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.ExecResult;
import io.maestro.hosts.exec.HostException;
import io.maestro.hosts.exec.HostExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gathers {@link HostFacts} through any {@link HostExecutor} with one command (one round trip
 * over SSH): a fixed POSIX shell script prints each fact in a section that starts with a
 * {@code @@name} line; {@link #parse} turns the sections into facts.
 *
 * <pre>{@code
 * HostFacts facts = new FactGatherer(Clock.systemUTC()).gather(new LocalExecutor());
 * }</pre>
 */
public final class FactGatherer {

    static final String SCRIPT = String.join("\n",
            "echo @@os; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null",
            "echo @@uname; uname -n; uname -r; uname -m",
            "echo @@cores; getconf _NPROCESSORS_ONLN 2>/dev/null || nproc",
            "echo @@meminfo; cat /proc/meminfo",
            "echo @@df; df -P -k /",
            "if command -v dpkg-query >/dev/null 2>&1; then echo @@dpkg;"
                    + " dpkg-query -W -f='${db:Status-Abbrev}\\t${Package}\\t${Version}\\n';"
                    + " elif command -v rpm >/dev/null 2>&1; then echo @@rpm; rpm -qa --qf '%{NAME}\\t%{VERSION}-%{RELEASE}\\n'; fi",
            "exit 0");

    private final Clock clock;

    public FactGatherer(Clock clock) {
        this.clock = clock;
    }

    /** Runs the script on the host and parses its output; a {@link HostException} names what could not be read. */
    public HostFacts gather(HostExecutor host) {
        ExecResult result = host.run(Command.of("sh", "-c", SCRIPT).withTimeout(Duration.ofMinutes(2))).requireSuccess();
        try {
            return parse(result.stdout(), clock.instant());
        } catch (IllegalArgumentException e) {
            throw new HostException(host.host(), "cannot read the host's facts: " + e.getMessage(), e);
        }
    }

    /** The facts in the script's output. */
    public static HostFacts parse(String output, java.time.Instant gatheredAt) {
        Map<String, String> sections = sections(output);
        String[] uname = require(sections, "uname").strip().split("\n");
        if (uname.length < 3) {
            throw new IllegalArgumentException("expected hostname, kernel and architecture from uname, found: "
                    + String.join(" ", uname));
        }
        int cores;
        try {
            cores = Integer.parseInt(require(sections, "cores").strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a processor count, found: " + sections.get("cores").strip(), e);
        }
        InstalledPackages packages = sections.containsKey("dpkg") ? InstalledPackages.parseDpkg(sections.get("dpkg"))
                : sections.containsKey("rpm") ? InstalledPackages.parseRpm(sections.get("rpm"))
                : InstalledPackages.NONE;
        String os = sections.getOrDefault("os", "");
        return new HostFacts(uname[0].strip(), os.isBlank() ? OsRelease.UNKNOWN : OsRelease.parse(os), uname[1].strip(),
                uname[2].strip(), cores, memTotal(require(sections, "meminfo")), DiskUsage.parseDf(require(sections, "df")),
                packages, gatheredAt);
    }

    /** {@code MemTotal} of /proc/meminfo, in bytes. */
    static long memTotal(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] fields = line.substring("MemTotal:".length()).strip().split("\\s+");
                long value = Long.parseLong(fields[0]);
                return fields.length > 1 && fields[1].equalsIgnoreCase("kB") ? value * 1024 : value;
            }
        }
        throw new IllegalArgumentException("expected a MemTotal line in /proc/meminfo");
    }

    private static Map<String, String> sections(String output) {
        Map<String, String> sections = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("@@") && line.length() > 2 && line.substring(2).chars().allMatch(Character::isLetter)) {
                if (current != null) {
                    sections.put(current, body.toString());
                }
                current = line.substring(2);
                body.setLength(0);
            } else if (current != null) {
                body.append(line).append('\n');
            }
        }
        if (current != null) {
            sections.put(current, body.toString());
        }
        return sections;
    }

    private static String require(Map<String, String> sections, String name) {
        String value = sections.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the host printed nothing for " + name);
        }
        return value;
    }
}
