package io.maestro.plan.lb.nginx;

import java.util.List;

/** Writes nginx nodes as text: four-space indentation, one directive per line, deterministic. */
public final class NginxWriter {

    private NginxWriter() {}

    public static String write(List<NginxNode> nodes, String header) {
        StringBuilder out = new StringBuilder();
        for (String line : header.split("\n")) {
            out.append("# ").append(line).append('\n');
        }
        out.append('\n');
        for (int i = 0; i < nodes.size(); i++) {
            write(out, nodes.get(i), 0);
        }
        return out.toString();
    }

    private static void write(StringBuilder out, NginxNode node, int depth) {
        out.append("    ".repeat(depth)).append(node.name());
        for (NginxArg arg : node.args()) {
            out.append(' ').append(arg.written());
        }
        switch (node) {
            case NginxNode.Directive d -> out.append(";\n");
            case NginxNode.Block b -> {
                out.append(" {\n");
                for (NginxNode child : b.children()) {
                    write(out, child, depth + 1);
                }
                out.append("    ".repeat(depth)).append("}\n");
                if (depth <= 1) {
                    out.append('\n');
                }
            }
        }
    }
}
