package io.maestro.hosts.facts;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The OS packages installed on a host, by name, with their versions.
 *
 * @param manager {@code dpkg}, {@code rpm}, or {@code none} when the host has neither
 */
public record InstalledPackages(String manager, SortedMap<String, String> versions) {

    public static final InstalledPackages NONE = new InstalledPackages("none", new TreeMap<>());

    public InstalledPackages {
        versions = Collections.unmodifiableSortedMap(new TreeMap<>(versions));
    }

    public boolean has(String name) {
        return versions.containsKey(name);
    }

    /**
     * Parses {@code dpkg-query -W -f='${db:Status-Abbrev}\t${Package}\t${Version}\n'}: only
     * packages whose status is {@code ii} (installed, no error) count; removed packages whose
     * configuration remains ({@code rc}) do not.
     */
    public static InstalledPackages parseDpkg(String text) {
        SortedMap<String, String> versions = new TreeMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.split("\t", -1);
            if (fields.length >= 3 && fields[0].strip().equals("ii") && !fields[1].isBlank()) {
                versions.putIfAbsent(fields[1].strip(), fields[2].strip());
            }
        }
        return new InstalledPackages("dpkg", versions);
    }

    /** Parses {@code rpm -qa --qf '%{NAME}\t%{VERSION}-%{RELEASE}\n'}. */
    public static InstalledPackages parseRpm(String text) {
        SortedMap<String, String> versions = new TreeMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.split("\t", -1);
            if (fields.length >= 2 && !fields[0].isBlank() && !fields[0].equals("gpg-pubkey")) {
                versions.putIfAbsent(fields[0].strip(), fields[1].strip());
            }
        }
        return new InstalledPackages("rpm", versions);
    }
}
