package io.maestro.plan.lb;

import io.maestro.model.MaestroException;

/**
 * A load balancer configuration cannot be built: a user string would change the meaning of the
 * generated file, or the model asks for something the chosen proxy cannot do (UDP on HAProxy).
 * Nothing is written when this is thrown.
 */
public final class LoadBalancerConfigException extends MaestroException {

    public LoadBalancerConfigException(String message) {
        super(message);
    }
}
