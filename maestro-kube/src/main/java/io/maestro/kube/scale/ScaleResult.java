package io.maestro.kube.scale;

/**
 * What a scale did.
 *
 * @param namespace the namespace
 * @param deployment the Deployment
 * @param previous the desired count before
 * @param replicas the desired count now
 */
public record ScaleResult(String namespace, String deployment, int previous, int replicas) {

    /** False when the count already was the requested one (nothing was written). */
    public boolean changed() {
        return previous != replicas;
    }
}
