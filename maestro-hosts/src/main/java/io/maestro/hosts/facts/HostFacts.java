package io.maestro.hosts.facts;

import java.time.Instant;

/**
 * What Maestro knows about a server: gathered on registration by {@link FactGatherer}.
 *
 * @param hostname the name the host gives itself ({@code uname -n})
 * @param kernel the kernel release ({@code uname -r})
 * @param architecture such as {@code x86_64} or {@code aarch64} ({@code uname -m})
 * @param cores online processors
 * @param memoryBytes total memory ({@code MemTotal} of /proc/meminfo)
 * @param disk the root file system
 */
public record HostFacts(String hostname, OsRelease os, String kernel, String architecture, int cores, long memoryBytes,
        DiskUsage disk, InstalledPackages packages, Instant gatheredAt) {
}
