package io.maestro.server.hook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.server.ApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A webhook delivery from GitHub or GitLab, read from its headers and raw body once its
 * signature was checked ({@link Provider#verify}): a push, or another event that deploys nothing
 * (GitHub's {@code ping} when the webhook is created, tag pushes, ...).
 */
public sealed interface WebhookEvent {

    /** The provider's id of the delivery. */
    String deliveryId();

    /** A push. */
    record Push(GitPush push) implements WebhookEvent {
        @Override
        public String deliveryId() {
            return push.deliveryId();
        }
    }

    /** Any other event, by the provider's name for it. */
    record Other(String provider, String deliveryId, String event) implements WebhookEvent {}

    /** Which provider sent a delivery, told by its headers. */
    enum Provider {
        GITHUB("github", "X-GitHub-Delivery"),
        GITLAB("gitlab", "X-Gitlab-Event-UUID");

        private final String id;
        private final String deliveryHeader;

        Provider(String id, String deliveryHeader) {
            this.id = id;
            this.deliveryHeader = deliveryHeader;
        }

        /** The name stored with deliveries and used in triggers. */
        public String id() {
            return id;
        }

        /** The provider whose headers the request carries, if any. */
        static Optional<Provider> of(UnaryOperator<String> header) {
            if (header.apply("X-Hub-Signature-256") != null || header.apply("X-GitHub-Event") != null) {
                return Optional.of(GITHUB);
            }
            if (header.apply("X-Gitlab-Token") != null || header.apply("X-Gitlab-Event") != null) {
                return Optional.of(GITLAB);
            }
            return Optional.empty();
        }

        /** Whether the request was signed (GitHub) or authenticated (GitLab) with {@code secret}. */
        boolean verify(String secret, byte[] body, UnaryOperator<String> header) {
            return switch (this) {
                case GITHUB -> WebhookSignature.githubMatches(secret, body, header.apply("X-Hub-Signature-256"));
                case GITLAB -> WebhookSignature.gitlabMatches(secret, header.apply("X-Gitlab-Token"));
            };
        }

        /** Reads a verified delivery; a 400 when its headers or JSON are not what the provider sends. */
        WebhookEvent read(byte[] body, UnaryOperator<String> header, ObjectMapper json) {
            String delivery = header.apply(deliveryHeader);
            if (delivery == null || delivery.isBlank() || delivery.length() > 200) {
                throw ApiException.badRequest("expected a delivery id in the " + deliveryHeader + " header, got "
                        + (delivery == null ? "none" : "'" + delivery + "'"));
            }
            String event = header.apply(this == GITHUB ? "X-GitHub-Event" : "X-Gitlab-Event");
            boolean push = this == GITHUB ? "push".equals(event) : "Push Hook".equals(event);
            if (!push) {
                return new Other(id, delivery, event == null ? "(no event header)" : event);
            }
            JsonNode payload;
            try {
                payload = json.readTree(body);
            } catch (IOException e) {
                throw ApiException.badRequest("expected the push event's JSON payload, got malformed JSON");
            }
            if (payload == null || !payload.isObject()) {
                throw ApiException.badRequest("expected the push event's JSON payload to be an object");
            }
            JsonNode repository = payload.path(this == GITHUB ? "repository" : "project");
            List<String> urls = new ArrayList<>();
            for (String key : this == GITHUB
                    ? List.of("clone_url", "ssh_url", "html_url", "git_url", "url")
                    : List.of("git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url")) {
                if (repository.path(key).isTextual()) {
                    urls.add(repository.path(key).asText());
                }
            }
            String ref = payload.path("ref").isTextual() ? payload.path("ref").asText() : null;
            if (ref == null) {
                throw ApiException.badRequest("ref: expected the pushed ref, e.g. \"refs/heads/main\", got nothing");
            }
            JsonNode commitNode = payload.path(this == GITHUB ? "after" : "checkout_sha");
            Optional<String> commit = commitNode.isTextual() && !commitNode.asText().matches("0+")
                    ? Optional.of(commitNode.asText()) : Optional.empty();
            if (this == GITHUB && payload.path("deleted").asBoolean(false)) {
                commit = Optional.empty();
            }
            commit.ifPresent(c -> {
                if (!c.matches("[0-9a-fA-F]{7,64}")) {
                    throw ApiException.badRequest("expected the pushed commit as a hex id, got '" + c + "'");
                }
            });
            JsonNode defaultBranch = repository.path("default_branch");
            return new Push(new GitPush(id, delivery, urls, ref, commit,
                    defaultBranch.isTextual() ? Optional.of(defaultBranch.asText()) : Optional.empty()));
        }
    }
}
