package io.maestro.cli;

import io.maestro.model.keys.KeyDocs;
import io.maestro.model.keys.KeySpec;
import java.util.List;

/**
 * The reference pages generated from the key tables: docs/service-yml.md and docs/manifest-yml.md.
 * {@code maestro docs generate} writes them; ReferenceDocsTest checks the committed copies.
 */
public final class ReferenceDocs {

    private ReferenceDocs() {}

    /** One generated page. */
    public record Page(String fileName, String text) {}

    public static List<Page> pages(KeyTables tables) {
        return List.of(
                page("service-yml.md", "service.yml reference", "ServiceYmlKeys", "service.yml",
                        "The services of an application: what runs, how it is built, exposed, checked and scheduled.",
                        tables.serviceYml()),
                page("manifest-yml.md", "manifest.yml reference", "ManifestKeys", "manifest.yml",
                        "The infrastructure of an application: servers, the cluster, databases, caches, the load"
                                + " balancer and initial environment variables, optionally per environment.",
                        tables.manifestYml()));
    }

    private static Page page(String fileName, String title, String tableName, String format, String what,
            KeySpec root) {
        String intro = "<!-- Generated from " + tableName + " by scripts/gen-docs. Do not edit: change the key"
                + " table and regenerate. -->\n\n"
                + what + "\n\n"
                + "This page lists every key Maestro reads in `" + format + "`. It is generated from the key table"
                + " the parser checks files against, so it cannot drift from what Maestro accepts;"
                + " `maestro explain KEY` prints the same entry. In a path, `*` stands for a name you choose"
                + " (a service, an environment, a variable). Status says what Maestro does with the key:"
                + " `supported`; `V1, mapped` (an old spelling read as its V2 equivalent, with a warning);"
                + " `warning` (accepted, with a warning that explains the alternative); `not supported yet`"
                + " (ignored, with a warning); `rejected` (an error). See [validation](validation.md) for the"
                + " messages.";
        return new Page(fileName, KeyDocs.markdown(title, intro, root));
    }
}
