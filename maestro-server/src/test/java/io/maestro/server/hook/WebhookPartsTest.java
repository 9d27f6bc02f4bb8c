package io.maestro.server.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WebhookPartsTest {

    @Test
    void theGithubSignatureIsTheHmacOfTheRawBodyAsGithubDocumentsIt() {
        // The example from GitHub's "Validating webhook deliveries" page.
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        assertThat(WebhookSignature.github("It's a Secret to Everybody", body)).isEqualTo(header);
        assertThat(WebhookSignature.githubMatches("It's a Secret to Everybody", body, header)).isTrue();
        assertThat(WebhookSignature.githubMatches("another secret", body, header)).isFalse();
        assertThat(WebhookSignature.githubMatches("It's a Secret to Everybody",
                "Hello, World?".getBytes(StandardCharsets.UTF_8), header)).isFalse();
        assertThat(WebhookSignature.githubMatches("It's a Secret to Everybody", body, header.replace("sha256=", "sha1="))).isFalse();
        assertThat(WebhookSignature.githubMatches("It's a Secret to Everybody", body, "sha256=zz")).isFalse();
        assertThat(WebhookSignature.githubMatches("It's a Secret to Everybody", body, null)).isFalse();
    }

    @Test
    void theGitlabTokenMustEqualTheSecret() {
        assertThat(WebhookSignature.gitlabMatches("s3cret", "s3cret")).isTrue();
        assertThat(WebhookSignature.gitlabMatches("s3cret", "s3cret ")).isFalse();
        assertThat(WebhookSignature.gitlabMatches("s3cret", null)).isFalse();
    }

    @Test
    void repositoryUrlsNormalizeAcrossHttpsSshSuffixAndCase() {
        String expected = "github.com/acme/shop";
        assertThat(RepositoryUrl.normalize("https://github.com/Acme/Shop.git")).contains(expected);
        assertThat(RepositoryUrl.normalize("git@github.com:acme/shop.git")).contains(expected);
        assertThat(RepositoryUrl.normalize("ssh://git@github.com:22/acme/shop")).contains(expected);
        assertThat(RepositoryUrl.normalize("https://user:pw@github.com/acme/shop/")).contains(expected);
        assertThat(RepositoryUrl.normalize("https://gitlab.com/acme/sub/shop.git")).contains("gitlab.com/acme/sub/shop");
        assertThat(RepositoryUrl.normalize("https://github.com/acme/shop-api")).contains("github.com/acme/shop-api");
        assertThat(RepositoryUrl.normalize("")).isEmpty();
        assertThat(RepositoryUrl.normalize("just-a-word")).isEmpty();
    }

    @Test
    void theRateLimitCountsPerAddressAndResetsWithTheWindow() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T03:00:00Z"));
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        RateLimiter limiter = new RateLimiter(2, Duration.ofMinutes(1), clock);

        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
        assertThat(limiter.tryAcquire("10.0.0.2")).isTrue();
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(60);

        now.set(now.get().plusSeconds(60));
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    }
}
