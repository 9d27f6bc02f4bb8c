package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro certificates add|list|remove}: the TLS certificates the control plane serves
 * host names with (Kubernetes Ingress TLS, load balancers). The server checks each before it
 * stores it and keeps the key encrypted; the key is never shown again.
 */
@Command(name = "certificates", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Add, list and remove the TLS certificates Maestro serves host names with.",
        subcommands = {CertificatesCommand.Add.class, CertificatesCommand.List.class, CertificatesCommand.Remove.class})
public final class CertificatesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorReporter.EXIT_USAGE;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Store a certificate: the server checks the key matches, the chain order, the dates and the names first.")
    static final class Add extends OnlineCommand {

        @Parameters(paramLabel = "NAME", description = "The certificate's name (lowercase letters, digits and '-').")
        private String name;

        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "PEM certificate (the leaf; intermediates may follow).")
        private String certificate;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "PEM private key (unencrypted).")
        private String key;

        @Option(names = "--chain", paramLabel = "FILE", description = "PEM intermediates, the leaf's issuer first.")
        private String chain;

        @Override
        protected int run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("certificate", read("--cert", certificate));
            body.put("key", read("--key", key));
            if (chain != null) {
                body.put("chain", read("--chain", chain));
            }
            JsonNode added = api.post("/certificates", body);
            if (json()) {
                return printJson(added);
            }
            out().println("added certificate " + text(added, "name", name) + " for " + hosts(added)
                    + " (expires " + text(added, "notAfter", "?") + ")");
            out().flush();
            return 0;
        }

        private String read(String option, String file) {
            Path path = context().resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new UsageException(option + ": expected a PEM file, got " + path + ", which does not exist");
            }
            try {
                return Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException(option + ": cannot read " + path + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the stored certificates (never their keys).")
    static final class List extends OnlineCommand {

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/certificates");
            if (json()) {
                return printJson(answer);
            }
            if (answer.path("certificates").isEmpty()) {
                out().println("no certificates; add one with `maestro certificates add NAME --cert FILE --key FILE`");
                out().flush();
                return 0;
            }
            Table table = new Table("NAME", "HOSTS", "EXPIRES", "ISSUER");
            answer.path("certificates").forEach(c -> table.row(text(c, "name", null), hosts(c),
                    text(c, "notAfter", null), text(c, "issuer", null)));
            table.print(out());
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a certificate and its stored key.")
    static final class Remove extends OnlineCommand {

        @Parameters(paramLabel = "NAME", description = "The certificate.")
        private String name;

        @Override
        protected int run(ApiClient api) {
            api.delete("/certificates/" + ApiClient.segment(name));
            if (json()) {
                return printJson(Json.object().put("removed", name));
            }
            out().println("removed certificate " + name);
            out().flush();
            return 0;
        }
    }

    private static String hosts(JsonNode certificate) {
        java.util.List<String> hosts = new ArrayList<>();
        certificate.path("hosts").forEach(h -> hosts.add(h.asText()));
        return String.join(",", hosts);
    }
}
