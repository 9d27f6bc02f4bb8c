package io.maestro.server.hook;

import io.maestro.server.deploy.DeployRequest;
import io.maestro.server.deploy.DeploymentInfo;
import io.maestro.store.audit.Actor;

/** Where hooks queue deployments: {@code DeploymentService::request} in the control plane. */
@FunctionalInterface
public interface DeployQueue {

    DeploymentInfo request(String application, DeployRequest request, Actor actor);
}
