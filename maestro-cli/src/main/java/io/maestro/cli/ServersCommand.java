package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro servers add|list|show|remove|exec}: the servers Maestro runs host components on. */
@Command(name = "servers", mixinStandardHelpOptions = true,
        description = "Register servers (this host or over SSH), list and show their facts, run programs on them.",
        subcommands = {ServersCommand.Add.class, ServersCommand.List.class, ServersCommand.Show.class,
                ServersCommand.Remove.class, ServersCommand.Exec.class})
public final class ServersCommand extends GroupCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Register a server: Maestro connects to it and gathers its facts first; a failure registers nothing.",
                "An SSH server's host key must be in --known-hosts, or be trusted on this first registration with"
                        + " --trust-new-host-key (check the printed fingerprint on the server)."})
    static final class Add extends OnlineCommand {
        @Parameters(paramLabel = "NAME", description = "The server's name (a DNS label, such as db1).")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Where where;

        static final class Where {
            @Option(names = "--local", required = true, description = "This host, the one the control plane runs on.")
            boolean local;

            @Option(names = "--ssh", required = true, paramLabel = "USER@HOST[:PORT]", description = "Reach the server over SSH.")
            String ssh;
        }

        @Option(names = "--key", paramLabel = "FILE", description = "The SSH private key file (stored encrypted by the control plane).")
        Path key;

        @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts lines the server's host key must match.")
        Path knownHosts;

        @Option(names = "--trust-new-host-key", description = "Record the host key the server presents (no --known-hosts).")
        boolean trustNewHostKey;

        @Option(names = "--role", paramLabel = "ROLE", description = "build: queued builds run on this server"
                + " (see docs/buildgrid.md); without it, it only hosts the components deployments place there.")
        java.util.List<String> roles;

        @Option(names = "--build-slots", paramLabel = "N", description = "How many builds a build server runs at once (default 1).")
        Integer buildSlots;

        @Override
        protected int run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            if (where.local) {
                if (key != null || knownHosts != null || trustNewHostKey) {
                    throw new UsageException("--key, --known-hosts and --trust-new-host-key go with --ssh, not --local");
                }
                body.put("local", true);
            } else {
                if (key == null) {
                    throw new UsageException("--ssh needs --key FILE (the private key to log in with)");
                }
                if (knownHosts != null && trustNewHostKey) {
                    throw new UsageException("give either --known-hosts FILE or --trust-new-host-key, not both");
                }
                body.put("ssh", where.ssh);
                body.put("privateKey", read(key, "private key"));
                if (knownHosts != null) {
                    body.put("knownHosts", read(knownHosts, "known_hosts"));
                }
                body.put("trustNewHostKey", trustNewHostKey);
            }
            if (roles != null) {
                for (String role : roles) {
                    if (!role.equals("build")) {
                        throw new UsageException("--role: expected build (the one server role there is), found '" + role + "'");
                    }
                }
                body.put("roles", java.util.List.copyOf(roles));
            }
            if (buildSlots != null) {
                if (roles == null) {
                    throw new UsageException("--build-slots goes with --role build");
                }
                body.put("buildSlots", buildSlots);
            }
            JsonNode answer = api.post("/servers", body);
            if (json()) {
                return printJson(answer);
            }
            JsonNode facts = answer.path("facts");
            out().println("added server " + answer.path("name").asText() + " (" + answer.path("address").asText() + "): "
                    + facts.path("os").path("prettyName").asText() + ", " + facts.path("cores").asInt() + " cores, "
                    + Bytes.human(facts.path("memoryBytes").asLong()) + " memory, "
                    + facts.path("packageCount").asInt() + " packages");
            answer.path("hostKeys").forEach(k -> out().println("host key: " + k.asText()));
            if (answer.path("buildSlots").isInt()) {
                int slots = answer.path("buildSlots").asInt();
                out().println("build server: builds run here, " + slots + " at a time");
            }
            out().flush();
            return 0;
        }

        private String read(Path file, String what) {
            Path resolved = context().resolve(file.toString());
            try {
                return Files.readString(resolved, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new UsageException("cannot read the " + what + " file " + resolved + ": it does not exist");
            } catch (IOException e) {
                throw new UsageException("cannot read the " + what + " file " + resolved + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the servers with their facts.")
    static final class List extends OnlineCommand {
        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/servers");
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("NAME", "ADDRESS", "OS", "CORES", "MEMORY", "DISK FREE", "PACKAGES", "ROLES");
            answer.path("servers").forEach(s -> {
                JsonNode f = s.path("facts");
                table.row(s.path("name").asText(), s.path("address").asText(), f.path("os").path("prettyName").asText(),
                        f.path("cores").asInt(), Bytes.human(f.path("memoryBytes").asLong()),
                        Bytes.human(f.path("disk").path("availableBytes").asLong()), f.path("packageCount").asInt(),
                        s.path("buildSlots").isInt() ? "build(" + s.path("buildSlots").asInt() + ")" : "-");
            });
            table.print(out());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a server's facts.")
    static final class Show extends OnlineCommand {
        @Parameters(paramLabel = "NAME", description = "The server.")
        String name;

        @Option(names = "--packages", description = "Also list the installed packages with their versions.")
        boolean packages;

        @Override
        protected int run(ApiClient api) {
            JsonNode s = api.get("/servers/" + ApiClient.segment(name));
            if (json()) {
                return printJson(s);
            }
            JsonNode f = s.path("facts");
            JsonNode disk = f.path("disk");
            Table table = new Table("FIELD", "VALUE");
            table.row("name", s.path("name").asText());
            table.row("address", s.path("address").asText());
            s.path("hostKeys").forEach(k -> table.row("host key", k.asText()));
            table.row("added", s.path("addedAt").asText() + " by " + s.path("addedBy").asText());
            table.row("hostname", f.path("hostname").asText());
            table.row("os", f.path("os").path("prettyName").asText());
            table.row("kernel", f.path("kernel").asText() + " (" + f.path("architecture").asText() + ")");
            table.row("cores", f.path("cores").asInt());
            table.row("memory", Bytes.human(f.path("memoryBytes").asLong()));
            table.row("disk " + disk.path("mountPoint").asText(), Bytes.human(disk.path("availableBytes").asLong()) + " free of "
                    + Bytes.human(disk.path("totalBytes").asLong()));
            table.row("packages", f.path("packageCount").asInt() + " (" + f.path("packageManager").asText() + ")");
            table.row("facts gathered", f.path("gatheredAt").asText());
            if (s.path("buildSlots").isInt()) {
                table.row("role", "build (" + s.path("buildSlots").asInt() + " slots, " + s.path("runningBuilds").asInt()
                        + " running)");
            }
            table.print(out());
            if (packages) {
                out().println();
                Table list = new Table("PACKAGE", "VERSION");
                f.path("packages").fields().forEachRemaining(p -> list.row(p.getKey(), p.getValue().asText()));
                list.print(out());
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a server and its stored key.")
    static final class Remove extends OnlineCommand {
        @Parameters(paramLabel = "NAME", description = "The server.")
        String name;

        @Override
        protected int run(ApiClient api) {
            api.delete("/servers/" + ApiClient.segment(name));
            if (json()) {
                return printJson(Json.object().put("removed", name));
            }
            out().println("removed server " + name);
            out().flush();
            return 0;
        }
    }

    @Command(name = "exec", mixinStandardHelpOptions = true,
            description = {"Run a program on a server (admin): its output is printed and its exit code becomes maestro's.",
                "The words after -- are the argv, passed as they are (no shell): maestro servers exec db1 -- uname -a"})
    static final class Exec extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The server.")
        String name;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ARGV", description = "The program and its arguments.")
        java.util.List<String> argv;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Kill the program after this long (default 300).")
        Integer timeoutSeconds;

        @Override
        protected int run(ApiClient api) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("argv", java.util.List.copyOf(Objects.requireNonNull(argv)));
            if (timeoutSeconds != null) {
                body.put("timeoutSeconds", timeoutSeconds);
            }
            JsonNode answer = api.post("/servers/" + ApiClient.segment(name) + "/exec", body);
            int exitCode = answer.path("exitCode").asInt();
            if (json()) {
                printJson(answer);
                return exitCode == 0 ? 0 : 1;
            }
            out().print(answer.path("stdout").asText());
            out().flush();
            err().print(answer.path("stderr").asText());
            err().flush();
            // Exit codes above 255 do not exist; 1 keeps "failed" for the odd value from a signal.
            return exitCode >= 0 && exitCode <= 255 ? exitCode : 1;
        }
    }

    /** Sizes for people: 1 decimal, binary units. */
    static final class Bytes {
        private Bytes() {
        }

        static String human(long bytes) {
            String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
            double value = bytes;
            int unit = 0;
            while (value >= 1024 && unit < units.length - 1) {
                value /= 1024;
                unit++;
            }
            return unit == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
        }
    }
}
