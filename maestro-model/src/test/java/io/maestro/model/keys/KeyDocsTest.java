package io.maestro.model.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyDocsTest {

    private static final KeySpec ROOT = KeySpec.key("service.yml", "map").children(
            KeySpec.key("services", "map").doc("The services.").children(
                    KeySpec.key("*", "map").children(
                            KeySpec.key("ports", "int | string").defaults("none, not exposed").doc("Ports.\n\nTwo paragraphs.").build(),
                            KeySpec.key("links", "list").status(KeySpec.Status.REJECTED).since(KeySpec.Since.V1).build())
                            .build())
                    .build(),
            KeySpec.key("services-", "map").build())
            .build();

    @Test
    void rendersTitleIntroIndexAndOneSectionPerKey() {
        String page = KeyDocs.markdown("service.yml reference", "Intro.", ROOT);

        assertThat(page).isEqualTo("""
                # service.yml reference

                Intro.

                ## Keys

                | Key | Type | Default | Status |
                |---|---|---|---|
                | [`services`](#services) | map | – | supported |
                | [`services.*`](#services-name) | map | – | supported |
                | [`services.*.ports`](#services-name-ports) | int \\| string | none, not exposed | supported |
                | [`services.*.links`](#services-name-links) | list | – | rejected |
                | [`services-`](#services-2) | map | – | supported |

                <a id="services"></a>
                ### `services`

                - Type: map
                - Default: none
                - Since: V1 and V2
                - Status: supported
                - Keys below: `*`

                The services.

                <a id="services-name"></a>
                ### `services.*`

                - Type: map
                - Default: none
                - Since: V1 and V2
                - Status: supported
                - Keys below: `ports`, `links`

                <a id="services-name-ports"></a>
                ### `services.*.ports`

                - Type: int | string
                - Default: none, not exposed
                - Since: V1 and V2
                - Status: supported

                Ports.

                Two paragraphs.

                <a id="services-name-links"></a>
                ### `services.*.links`

                - Type: list
                - Default: none
                - Since: V1 only
                - Status: rejected with an error

                <a id="services-2"></a>
                ### `services-`

                - Type: map
                - Default: none
                - Since: V1 and V2
                - Status: supported
                """);
    }

    @Test
    void isDeterministic() {
        assertThat(KeyDocs.markdown("t", "i", ROOT)).isEqualTo(KeyDocs.markdown("t", "i", ROOT));
    }

    @Test
    void flattensDepthFirstInTableOrder() {
        List<String> paths = KeyDocs.flatten(ROOT).stream().map(KeyLookup.Found::path).toList();
        assertThat(paths).containsExactly("services", "services.*", "services.*.ports", "services.*.links", "services-");
    }

    @Test
    void describesEveryStatus() {
        for (KeySpec.Status status : KeySpec.Status.values()) {
            assertThat(KeyDocs.statusText(status)).isNotBlank();
            assertThat(KeyDocs.shortStatus(status)).isNotBlank().doesNotContain("|");
        }
    }
}
