package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maestro.cli.online.ApiClient;
import io.maestro.cli.online.ServerEvent;
import io.maestro.model.MaestroException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Follows a deployment's event stream ({@code GET /deployments/{id}/events}) until its
 * {@code done} event, printing for people: log lines as they come, step changes, and per-service
 * progress ({@code web 2/3 updated, 1/3 ready}) whenever it changes. When the stream breaks
 * before {@code done}, it reconnects (the server replays past log and step events first; the
 * ones already printed are skipped).
 */
final class DeploymentWatcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RECONNECTS = 5;

    private final ApiClient api;
    private final PrintWriter out;
    private final boolean quiet;
    private final Map<String, String> progress = new LinkedHashMap<>();
    private int logsSeen;
    private int stepsSeen;
    private String finalStatus;
    private String finalDetail;

    /** {@code quiet}: print nothing while following (for {@code --output json}). */
    DeploymentWatcher(ApiClient api, PrintWriter out, boolean quiet) {
        this.api = api;
        this.out = out;
        this.quiet = quiet;
    }

    /** Follows deployment {@code id} to its end; returns its final status ({@code succeeded}, {@code failed}). */
    String follow(long id) {
        for (int attempt = 0; attempt <= MAX_RECONNECTS && finalStatus == null; attempt++) {
            int logsBefore = logsSeen;
            int stepsBefore = stepsSeen;
            logsSeen = 0;
            stepsSeen = 0;
            int[] skip = {logsBefore, stepsBefore};
            api.events("/deployments/" + id + "/events", event -> onEvent(event, skip));
            logsSeen = Math.max(logsSeen, logsBefore);
            stepsSeen = Math.max(stepsSeen, stepsBefore);
            if (finalStatus == null) {
                // The stream ended without "done": ask for the deployment itself before reconnecting.
                JsonNode deployment = api.get("/deployments/" + id);
                String status = deployment.path("status").asText();
                if (status.equals("succeeded") || status.equals("failed")) {
                    finalStatus = status;
                    finalDetail = deployment.path("detail").asText(null);
                }
            }
        }
        if (finalStatus == null) {
            throw new MaestroException("lost the event stream of deployment " + id + " " + (MAX_RECONNECTS + 1)
                    + " times; it may still be running: see `maestro deployments show " + id + "`");
        }
        return finalStatus;
    }

    String detail() {
        return finalDetail;
    }

    private boolean onEvent(ServerEvent event, int[] skip) {
        JsonNode data;
        try {
            data = JSON.readTree(event.data());
        } catch (IOException e) {
            return true; // not JSON: not an event of the contract; ignore it
        }
        switch (event.event()) {
            case "log" -> {
                logsSeen++;
                if (logsSeen > skip[0]) {
                    print(data.path("line").asText());
                }
            }
            case "step" -> {
                stepsSeen++;
                if (stepsSeen > skip[1]) {
                    String detail = data.path("detail").isTextual() && !data.path("detail").asText().isEmpty()
                            ? " (" + data.path("detail").asText() + ")" : "";
                    print("step " + data.path("name").asText() + ": " + data.path("status").asText() + detail);
                }
            }
            case "progress" -> {
                String service = data.path("service").asText();
                int desired = data.path("desired").asInt();
                String line = service + " " + data.path("updated").asInt() + "/" + desired + " updated, "
                        + data.path("ready").asInt() + "/" + desired + " ready";
                if (!line.equals(progress.put(service, line))) {
                    print(line);
                }
            }
            case "done" -> {
                finalStatus = data.path("status").asText();
                finalDetail = data.path("detail").isTextual() ? data.path("detail").asText() : null;
                return false;
            }
            default -> { } // newer event types: ignored by this client
        }
        return true;
    }

    private void print(String line) {
        if (!quiet) {
            out.println(line);
            out.flush();
        }
    }
}
