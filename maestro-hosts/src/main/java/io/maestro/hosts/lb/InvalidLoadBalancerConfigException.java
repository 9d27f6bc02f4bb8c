package io.maestro.hosts.lb;

import io.maestro.hosts.exec.HostException;

/**
 * The proxy's own validator ({@code nginx -t}, {@code haproxy -c}) refused a generated
 * configuration. The configuration that was serving before is still serving; the message carries
 * the validator's output.
 */
public final class InvalidLoadBalancerConfigException extends HostException {

    private final String validatorOutput;

    public InvalidLoadBalancerConfigException(String host, String engine, String rejectedFile, String validatorOutput) {
        super(host, engine + " refused the new configuration (kept the previous one serving; the rejected file is "
                + rejectedFile + "):\n  " + validatorOutput.strip().replace("\n", "\n  "));
        this.validatorOutput = validatorOutput;
    }

    public String validatorOutput() {
        return validatorOutput;
    }
}
