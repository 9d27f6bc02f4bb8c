package io.maestro.hosts.component;

import java.util.List;

/**
 * What makes a component installed on a host: the Debian packages that provide it and the paths
 * whose presence shows they are there.
 *
 * @param packages what {@code apt-get install} gets when a path is missing
 * @param requiredPaths files that must exist (binaries, or the folder of versioned binaries)
 */
record Installation(List<String> packages, List<String> requiredPaths) {

    Installation {
        packages = List.copyOf(packages);
        requiredPaths = List.copyOf(requiredPaths);
    }
}
