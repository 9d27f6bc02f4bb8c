package io.maestro.model.service;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A service's health checks: none, the defaults, or explicit probes. */
public sealed interface Health permits Health.None, Health.Defaults, Health.Probes {

    /** {@code health: none}, or no {@code health} key. */
    record None() implements Health {}

    /**
     * {@code health: default}: readiness and liveness HTTP probes on {@code /} at the first
     * container port, with the documented defaults.
     */
    record Defaults() implements Health {}

    /**
     * Explicit V2 probes (each may be null); V1 {@code health} maps here as a readiness probe.
     */
    record Probes(Probe ready, Probe alive, Probe startup) implements Health {
        public Optional<Probe> readiness() {
            return Optional.ofNullable(ready);
        }

        public Optional<Probe> liveness() {
            return Optional.ofNullable(alive);
        }

        public Optional<Probe> startupProbe() {
            return Optional.ofNullable(startup);
        }
    }

    /**
     * One probe with the reference's defaults applied (timeout 5, success 1, failure 1, initial
     * delay 1, period 5, endpoint {@code /}).
     *
     * @param type http, https, tcp or exec
     * @param endpoint path for http/https probes
     * @param command shell command for exec probes, or null
     * @param timeoutSeconds seconds
     * @param successThreshold consecutive successes
     * @param failureThreshold consecutive failures
     * @param initialDelaySeconds seconds
     * @param periodSeconds seconds
     * @param port container port, or null for the service's first container port
     * @param httpHeaders headers sent with http/https probes
     */
    record Probe(
            ProbeType type,
            String endpoint,
            String command,
            int timeoutSeconds,
            int successThreshold,
            int failureThreshold,
            int initialDelaySeconds,
            int periodSeconds,
            Integer port,
            List<HttpHeader> httpHeaders) {

        public static final int DEFAULT_TIMEOUT = 5;
        public static final int DEFAULT_SUCCESS = 1;
        public static final int DEFAULT_FAILURE = 1;
        public static final int DEFAULT_INITIAL_DELAY = 1;
        public static final int DEFAULT_PERIOD = 5;

        public Probe {
            Objects.requireNonNull(type, "type");
            endpoint = Objects.requireNonNullElse(endpoint, "/");
            httpHeaders = List.copyOf(httpHeaders);
        }

        /** An HTTP probe on {@code /} with every default: what {@code health: default} means. */
        public static Probe defaultHttp() {
            return new Probe(ProbeType.HTTP, "/", null, DEFAULT_TIMEOUT, DEFAULT_SUCCESS, DEFAULT_FAILURE,
                    DEFAULT_INITIAL_DELAY, DEFAULT_PERIOD, null, List.of());
        }
    }

    /** How a probe checks the container. */
    enum ProbeType { HTTP, HTTPS, TCP, EXEC }

    /** A header sent by http/https probes. */
    record HttpHeader(String name, String value) {}
}
