package io.maestro.hosts.exec;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * Checks the server's host key against {@link KnownHosts}. A changed or revoked key is always
 * refused; an unknown one only when {@code trustNew} is false. MINA only learns "false", so the
 * reason is kept here for the executor to throw a {@link HostKeyRejectedException}.
 */
final class HostKeyVerifier implements ServerKeyVerifier {

    private final SshTarget target;
    private final boolean trustNew;
    private final AtomicReference<KnownHosts> known;
    private final AtomicReference<HostKeyRejectedException> rejection = new AtomicReference<>();

    HostKeyVerifier(SshTarget target, KnownHosts known, boolean trustNew) {
        this.target = target;
        this.trustNew = trustNew;
        this.known = new AtomicReference<>(known);
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        KnownHosts current = known.get();
        String presented = KnownHosts.fingerprint(serverKey);
        String line = KnownHosts.line(target, serverKey);
        if (current.isRevoked(serverKey)) {
            rejection.set(new HostKeyRejectedException(target, HostKeyRejectedException.Reason.REVOKED, List.of(), presented, line));
            return false;
        }
        List<PublicKey> expected = current.keysFor(target);
        if (expected.stream().anyMatch(key -> KeyUtils.compareKeys(key, serverKey))) {
            return true;
        }
        // A recorded key of another type is not a change: OpenSSH also accepts a host offering a
        // type it has not recorded yet only when asked to; we treat any mismatch as a change.
        if (!expected.isEmpty()) {
            rejection.set(new HostKeyRejectedException(target, HostKeyRejectedException.Reason.CHANGED,
                    expected.stream().map(KnownHosts::fingerprint).toList(), presented, line));
            return false;
        }
        if (!trustNew) {
            rejection.set(new HostKeyRejectedException(target, HostKeyRejectedException.Reason.UNKNOWN, List.of(), presented, line));
            return false;
        }
        known.set(current.with(target, serverKey));
        return true;
    }

    KnownHosts knownHosts() {
        return known.get();
    }

    /** Why the last key was refused, once, so a later connection starts clean. */
    HostKeyRejectedException takeRejection() {
        return rejection.getAndSet(null);
    }
}
