package io.maestro.server.tls;

import io.maestro.hosts.lb.tls.CertificateBundle;

/**
 * The stored certificate chosen for a host name: its name in the store and the bundle (chain and
 * private key) to install. The key is a secret: never log the bundle's PEM.
 */
public record HostCertificate(String name, CertificateBundle bundle) {}
