package io.maestro.hosts.lb;

import io.maestro.plan.lb.LoadBalancerFiles;

/**
 * One proxy process (nginx or HAProxy) Maestro runs with its own prefix directory on a host.
 *
 * <p>{@link #apply(String)} is the only way a configuration reaches the proxy: the text is written
 * to a new file, checked by the real binary, moved over the live file in one rename, and the
 * running proxy reloads gracefully (old workers finish their requests). When the check fails the
 * live file and the running proxy are untouched and {@link InvalidLoadBalancerConfigException}
 * says why.
 */
public interface ProxyRuntime {

    /** Which binary, for messages. */
    String engine();

    LoadBalancerFiles files();

    /**
     * Validates, installs and activates {@code configuration}: starts the proxy when it is not
     * running, reloads it gracefully when it is.
     *
     * @throws InvalidLoadBalancerConfigException when the validator refuses it
     */
    void apply(String configuration);

    /** Whether the proxy's master process is alive. */
    boolean isRunning();

    /** Stops the proxy gracefully and waits until it has exited. Does nothing when not running. */
    void stop();
}
