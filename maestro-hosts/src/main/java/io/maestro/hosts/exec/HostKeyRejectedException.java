package io.maestro.hosts.exec;

import java.util.List;
import java.util.Optional;

/**
 * The SSH server presented a host key Maestro does not trust: either no key is recorded for the
 * host (and trusting a new one was not asked for), or the key differs from the recorded one,
 * which is what a man-in-the-middle or a reinstalled server looks like. The message names the
 * host, the expected and presented fingerprints and what to do.
 */
public class HostKeyRejectedException extends HostException {

    /** Why the key was refused. */
    public enum Reason { UNKNOWN, CHANGED, REVOKED }

    private final Reason reason;
    private final List<String> expectedFingerprints;
    private final String presentedFingerprint;
    private final String presentedKnownHostsLine;

    public HostKeyRejectedException(SshTarget target, Reason reason, List<String> expectedFingerprints,
            String presentedFingerprint, String presentedKnownHostsLine) {
        super("ssh " + target, message(target, reason, expectedFingerprints, presentedFingerprint));
        this.reason = reason;
        this.expectedFingerprints = List.copyOf(expectedFingerprints);
        this.presentedFingerprint = presentedFingerprint;
        this.presentedKnownHostsLine = presentedKnownHostsLine;
    }

    public Reason reason() {
        return reason;
    }

    public List<String> expectedFingerprints() {
        return expectedFingerprints;
    }

    public String presentedFingerprint() {
        return presentedFingerprint;
    }

    /** The known_hosts line of the presented key, for a person who verified it out of band. */
    public Optional<String> presentedKnownHostsLine() {
        return Optional.ofNullable(presentedKnownHostsLine);
    }

    private static String message(SshTarget target, Reason reason, List<String> expected, String presented) {
        String host = target.knownHostsName();
        return switch (reason) {
            case UNKNOWN -> "host key of " + host + " is not known (presented " + presented
                    + "); refusing to connect. Check the fingerprint on the server (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub),"
                    + " then pass its known_hosts line (--known-hosts FILE), or register with --trust-new-host-key to record the presented key";
            case CHANGED -> "HOST KEY CHANGED for " + host + ": expected " + String.join(" or ", expected)
                    + ", presented " + presented + ". Someone may be intercepting the connection, or the server was"
                    + " reinstalled. Verify the new fingerprint on the server, then remove and re-register the server"
                    + " (maestro servers remove NAME; maestro servers add NAME ... --trust-new-host-key)";
            case REVOKED -> "host key of " + host + " (" + presented + ") is marked @revoked in known_hosts; refusing to connect";
        };
    }
}
