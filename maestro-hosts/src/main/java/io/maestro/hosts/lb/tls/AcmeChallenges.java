package io.maestro.hosts.lb.tls;

import io.maestro.hosts.exec.Command;
import io.maestro.hosts.exec.HostExecutor;
import io.maestro.plan.lb.LoadBalancerFiles;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * ACME HTTP-01 answers served by the load balancer: the CA fetches
 * {@code http://HOST/.well-known/acme-challenge/TOKEN} and expects the key authorization. Every
 * HTTP site the nginx renderer writes serves that path from {@link LoadBalancerFiles#acmeWebroot()}
 * before any redirect, so publishing is writing one file.
 */
public final class AcmeChallenges {

    /** RFC 8555 tokens are base64url. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private final HostExecutor host;
    private final LoadBalancerFiles files;

    public AcmeChallenges(HostExecutor host, LoadBalancerFiles files) {
        this.host = host;
        this.files = files;
    }

    public void publish(String token, String keyAuthorization) {
        host.writeFile(path(token), keyAuthorization.getBytes(StandardCharsets.US_ASCII), 0644);
    }

    public void withdraw(String token) {
        host.run(Command.of("rm", "-f", path(token))).requireSuccess();
    }

    private String path(String token) {
        if (!TOKEN.matcher(token).matches()) {
            // A token is used as a file name: anything else could climb out of the folder.
            throw new InvalidCertificateException("an ACME challenge", java.util.List.of("expected a base64url token, got "
                    + token.length() + " characters of another kind"));
        }
        return files.acmeChallengeDir() + "/" + token;
    }
}
