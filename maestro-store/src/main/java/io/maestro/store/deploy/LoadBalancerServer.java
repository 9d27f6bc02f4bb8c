package io.maestro.store.deploy;

/**
 * A registered server that serves a cluster environment's load balancer.
 *
 * @param application the application
 * @param environment the environment
 * @param server the registered server's name
 * @param prefix the folder of the load balancer's files on that server
 */
public record LoadBalancerServer(String application, String environment, String server, String prefix) {}
