package io.maestro.plan.lb;

/**
 * Where a site's certificate lives on the load balancer host. nginx reads the chain and the key
 * separately; HAProxy wants one PEM with certificate, chain and key.
 *
 * @param chainFile certificate followed by its intermediates (PEM)
 * @param keyFile private key (PEM)
 * @param combinedFile chain followed by the key (PEM), for HAProxy
 */
public record TlsCertificate(String chainFile, String keyFile, String combinedFile) {

    public TlsCertificate {
        LoadBalancerFiles.absolute(chainFile, "certificate chain file");
        LoadBalancerFiles.absolute(keyFile, "key file");
        LoadBalancerFiles.absolute(combinedFile, "combined PEM file");
    }
}
