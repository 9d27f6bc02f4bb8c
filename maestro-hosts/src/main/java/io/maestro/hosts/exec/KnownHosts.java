package io.maestro.hosts.exec;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Host keys Maestro trusts, in OpenSSH {@code known_hosts} format (hashed names, patterns and
 * {@code [host]:port} work as in OpenSSH; {@code @revoked} keys are refused). Immutable: adding
 * a key gives a new value, which the caller stores.
 *
 * <pre>{@code
 * KnownHosts known = KnownHosts.parse(Files.readString(Path.of(System.getProperty("user.home"), ".ssh/known_hosts")));
 * }</pre>
 */
public final class KnownHosts {

    private static final String REVOKED = "revoked";

    private final String text;
    private final List<KnownHostEntry> entries;

    private KnownHosts(String text, List<KnownHostEntry> entries) {
        this.text = text;
        this.entries = entries;
    }

    public static KnownHosts empty() {
        return new KnownHosts("", List.of());
    }

    /** Parses known_hosts text; a line that is not a known_hosts entry is an error naming its number. */
    public static KnownHosts parse(String text) {
        if (text == null || text.isBlank()) {
            return empty();
        }
        List<KnownHostEntry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                KnownHostEntry entry = KnownHostEntry.parseKnownHostEntry(line);
                if (entry == null || entry.getKeyEntry() == null) {
                    throw new IllegalArgumentException("no key");
                }
                publicKey(entry);
                entries.add(entry);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("known_hosts line " + (i + 1)
                        + ": expected 'HOST KEY-TYPE BASE64-KEY', found '" + abbreviate(line) + "' (" + e.getMessage() + ")", e);
            }
        }
        return new KnownHosts(text.endsWith("\n") ? text : text + "\n", List.copyOf(entries));
    }

    /** The keys recorded for the target's host and port, revoked ones excluded. */
    public List<PublicKey> keysFor(SshTarget target) {
        return entries.stream()
                .filter(e -> !REVOKED.equalsIgnoreCase(e.getMarker()))
                .filter(e -> e.isHostMatch(target.host(), target.port()))
                .map(KnownHosts::publicKey)
                .toList();
    }

    /** Whether this key is marked {@code @revoked} for any host. */
    public boolean isRevoked(PublicKey key) {
        return entries.stream()
                .filter(e -> REVOKED.equalsIgnoreCase(e.getMarker()))
                .anyMatch(e -> KeyUtils.compareKeys(publicKey(e), key));
    }

    /** These known hosts plus the key for the target, as one more line. */
    public KnownHosts with(SshTarget target, PublicKey key) {
        return parse(text + line(target, key) + "\n");
    }

    /** The known_hosts line for a key of a target, such as {@code [10.0.0.5]:2222 ssh-ed25519 AAAA...}. */
    public static String line(SshTarget target, PublicKey key) {
        return target.knownHostsName() + " " + PublicKeyEntry.toString(key);
    }

    /** The key's SHA-256 fingerprint as OpenSSH prints it ({@code SHA256:...}). */
    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(key);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The known_hosts text, ready to store or to write to a file. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return "KnownHosts[" + entries.size() + " entries]";
    }

    private static PublicKey publicKey(KnownHostEntry entry) {
        try {
            PublicKey key = entry.getKeyEntry().resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
            if (key == null) {
                throw new IllegalArgumentException("unsupported key type " + entry.getKeyEntry().getKeyType());
            }
            return key;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable key: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }
}
