package io.maestro.hosts.component;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.LocalExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A base folder in /tmp that the engines' OS users can traverse, free loopback ports, and a
 * cleanup that stops every instance a test class made and removes the folder, also after failures.
 */
final class DriverFixture implements AutoCloseable {

    /** A TEST-NET-1 address (RFC 5737): never configured on a test machine, so binding it fails. */
    static final String UNASSIGNED_ADDRESS = "192.0.2.1";

    final LocalExecutor local = new LocalExecutor();
    final Path base;
    private final List<Runnable> cleanups = new ArrayList<>();

    DriverFixture(String prefix) {
        try {
            base = Files.createTempDirectory(prefix);
            // Temporary folders are 0700; the daemons run as their own users and must reach their files.
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InstanceSpec spec(String name) {
        return InstanceSpec.of(name, base.toString(), "127.0.0.1", freePort());
    }

    /** Deprovisions the instance at the end of the class, whatever happened. */
    InstanceSpec track(ComponentDriver driver, InstanceSpec spec) {
        cleanups.add(() -> driver.deprovision(spec, false));
        return spec;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServerSocket occupyLoopbackPort() {
        try {
            return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Runnable cleanup : cleanups) {
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                System.err.println("cleanup: " + e.getMessage());
            }
        }
        local.run(Command.of("rm", "-rf", "--", base.toString()));
    }
}
