package io.maestro.server.hook;

import java.util.List;
import java.util.Optional;

/**
 * A verified push event, in the terms both GitHub and GitLab use.
 *
 * @param provider {@code github} or {@code gitlab}
 * @param deliveryId the provider's id of this delivery (the same on a redelivery: a replay)
 * @param repositoryUrls every URL the payload gives for the repository (https, ssh, web)
 * @param ref the pushed ref, e.g. {@code refs/heads/main}
 * @param commit the commit the ref now points at; empty when the branch was deleted
 * @param defaultBranch the repository's default branch, when the payload says
 */
public record GitPush(
        String provider,
        String deliveryId,
        List<String> repositoryUrls,
        String ref,
        Optional<String> commit,
        Optional<String> defaultBranch) {

    private static final String HEADS = "refs/heads/";

    public GitPush {
        repositoryUrls = List.copyOf(repositoryUrls);
    }

    /** The pushed branch; empty for tags and other refs. */
    public Optional<String> branch() {
        return ref != null && ref.startsWith(HEADS) ? Optional.of(ref.substring(HEADS.length())) : Optional.empty();
    }

    /** The trigger a deployment of this push carries, e.g. {@code github push 1a2b3c4}. */
    public String trigger() {
        return provider + " push " + commit.map(c -> c.length() > 7 ? c.substring(0, 7) : c).orElse("(deleted)");
    }
}
