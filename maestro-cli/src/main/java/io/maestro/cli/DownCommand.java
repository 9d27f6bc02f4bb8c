package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import io.maestro.cli.up.ControlPlaneProcess;
import io.maestro.store.MaestroHome;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro down [DIR] [--purge]}: removes what {@code maestro up} made for the application in
 * DIR: its containers, its databases' processes (their data is kept unless {@code --purge}), and
 * the background control plane (its state under MAESTRO_HOME is kept, so the next {@code up}
 * finds the same application, token and data).
 */
@Command(name = "down", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stop what `maestro up` started: containers, databases, control plane.",
            "Data is kept unless --purge."})
public final class DownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "The application's folder (default: "
            + UpCommand.DEFAULT_DIR + ").")
    String dir;

    @Option(names = "--purge", description = "Also delete the databases' data and the containers' volumes.")
    boolean purge;

    @Override
    public Integer call() {
        CliContext context = ((MaestroCli) spec.root().userObject()).context();
        PrintWriter out = spec.commandLine().getOut();
        String app = UpCommand.applicationName(UpCommand.applicationFolder(context, dir));
        Path home = MaestroHome.resolve(context.env());
        ControlPlaneProcess process = new ControlPlaneProcess(home);
        if (process.recordedToken().isEmpty()) {
            out.println("nothing to stop: `maestro up` has not run with MAESTRO_HOME " + home);
            out.flush();
            return 0;
        }
        // The control plane knows the application's components: start it when it is not running.
        ControlPlaneProcess.Running plane = process.ensureRunning(line -> { });
        ApiClient api = ApiClient.of(URI.create(plane.url()), plane.adminToken(), UpCommand.PROFILE);
        Optional<JsonNode> known = UpCommand.getOptional(api, "/apps/" + ApiClient.segment(app));
        if (known.isPresent()) {
            JsonNode removed = api.delete("/apps/" + ApiClient.segment(app) + "/environments/" + UpCommand.ENVIRONMENT
                    + "/local" + (purge ? "?purge=true" : ""));
            out.println(app + ": containers removed");
            out.println(app + ": load balancer stopped" + (purge ? ", its configuration and certificates removed" : ""));
            for (JsonNode component : removed.path("components")) {
                out.println(app + ": " + component.asText() + (purge ? " removed with its data" : " stopped (data kept)"));
            }
        } else {
            out.println(app + ": not known to the control plane; nothing to remove");
        }
        process.stop(Duration.ofSeconds(20));
        out.println("control plane stopped" + (purge ? "" : " (state kept in " + home + ")"));
        out.flush();
        return 0;
    }
}
