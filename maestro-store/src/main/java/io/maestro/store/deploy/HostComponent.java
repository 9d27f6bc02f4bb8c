package io.maestro.store.deploy;

import java.time.Instant;

/**
 * A data store instance that a deployment provisioned on a server (the control plane's host or a
 * registered one), kept so that every later deploy reuses the same instance and port. Its password is in the
 * secret store (scope {@code component:ENVIRONMENT}, name {@code KIND.GROUP}), never here.
 *
 * @param application the application
 * @param environment the environment
 * @param kind the engine ({@code postgresql}, {@code mysql}, {@code redis}, {@code memcached})
 * @param grp the data store group ({@code default} without named groups)
 * @param instance the driver's instance name on the host
 * @param bindAddress the address it listens on
 * @param port its TCP port
 * @param createdAt when it was first provisioned
 * @param server the registered server it lives on; {@code null} for the control plane's own host
 */
public record HostComponent(String application, String environment, String kind, String grp, String instance,
        String bindAddress, int port, Instant createdAt, String server) {}
