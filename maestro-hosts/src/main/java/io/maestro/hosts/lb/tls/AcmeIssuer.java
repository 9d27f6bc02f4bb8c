package io.maestro.hosts.lb.tls;

import io.maestro.model.MaestroException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * Obtains a certificate from an ACME CA (Let's Encrypt: {@code acme://letsencrypt.org}, staging:
 * {@code acme://letsencrypt.org/staging}) with the HTTP-01 challenge, answered through
 * {@link AcmeChallenges} by the load balancer itself. Host names must be exact DNS names pointing
 * at the load balancer (no wildcards: HTTP-01 cannot prove those).
 *
 * <p>Not exercised against a real ACME server on the machines that built it (none is reachable);
 * the challenge path through nginx is.
 */
public final class AcmeIssuer {

    /** Renew when fewer than this many days remain (Let's Encrypt certificates last 90). */
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final Duration WAIT = Duration.ofMinutes(3);

    private final String serverUri;
    private final KeyPair accountKey;
    private final AcmeChallenges challenges;

    public AcmeIssuer(String serverUri, KeyPair accountKey, AcmeChallenges challenges) {
        this.serverUri = serverUri;
        this.accountKey = accountKey;
        this.challenges = challenges;
    }

    /** Whether a certificate should be renewed now. */
    public static boolean needsRenewal(CertificateBundle bundle, Instant now) {
        return bundle.leaf().getNotAfter().toInstant().minus(RENEW_BEFORE).isBefore(now);
    }

    public CertificateBundle issue(List<String> hosts) {
        for (String host : hosts) {
            if (host.startsWith("*") || host.equals("_") || host.contains("_")) {
                throw new InvalidCertificateException(String.join(", ", hosts), List.of("ACME HTTP-01 cannot issue for "
                        + host + ": use exact DNS names (no wildcards or underscores), or a user-supplied certificate"));
            }
        }
        try {
            Session session = new Session(serverUri);
            Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey).create(session);
            Order order = account.newOrder().domains(hosts).create();
            for (Authorization authorization : order.getAuthorizations()) {
                if (authorization.getStatus() != Status.VALID) {
                    authorize(authorization);
                }
            }
            KeyPair domainKey = DevelopmentCa.newKeyPair();
            order.execute(domainKey);
            Status status = order.waitForCompletion(WAIT);
            if (status != Status.VALID) {
                throw new MaestroException("ACME order for " + hosts + " ended " + status
                        + order.getError().map(p -> ": " + p).orElse(""));
            }
            List<X509Certificate> chain = order.getCertificate().getCertificateChain();
            return new CertificateBundle(chain, domainKey.getPrivate());
        } catch (AcmeException e) {
            throw new MaestroException("ACME (" + serverUri + ") could not issue a certificate for " + hosts + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaestroException("interrupted while waiting for the ACME server", e);
        }
    }

    private void authorize(Authorization authorization) throws AcmeException, InterruptedException {
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow(() ->
                new MaestroException("the ACME server offers no HTTP-01 challenge for " + authorization.getIdentifier()));
        challenges.publish(challenge.getToken(), challenge.getAuthorization());
        try {
            challenge.trigger();
            Status status = challenge.waitForCompletion(WAIT);
            if (status != Status.VALID) {
                throw new MaestroException("ACME HTTP-01 challenge for " + authorization.getIdentifier() + " ended " + status
                        + challenge.getError().map(p -> ": " + p).orElse("")
                        + " (hint: http://HOST/.well-known/acme-challenge/ must reach this load balancer on port 80)");
            }
        } finally {
            challenges.withdraw(challenge.getToken());
        }
    }
}
