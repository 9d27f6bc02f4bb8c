package io.maestro.plan.lb.nginx;

import io.maestro.plan.lb.LoadBalancerConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One element of an nginx configuration: a simple directive ({@code listen 80;}) or a block
 * ({@code server { ... }}). Built in code, written by {@link NginxWriter}; there is no template a
 * value could break out of.
 */
public sealed interface NginxNode permits NginxNode.Directive, NginxNode.Block {

    Pattern DIRECTIVE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./:-]*");

    String name();

    List<NginxArg> args();

    /** {@code name arg...;} */
    record Directive(String name, List<NginxArg> args) implements NginxNode {
        public Directive {
            checkName(name);
            args = List.copyOf(args);
        }
    }

    /** {@code name arg... { children }} */
    record Block(String name, List<NginxArg> args, List<NginxNode> children) implements NginxNode {
        public Block {
            checkName(name);
            args = List.copyOf(args);
            children = List.copyOf(children);
        }
    }

    private static void checkName(String name) {
        if (!DIRECTIVE_NAME.matcher(name).matches()) {
            throw new LoadBalancerConfigException("not an nginx directive name: " + name);
        }
    }

    /** A directive whose arguments are all Maestro's own words (names, numbers, variables). */
    static Directive of(String name, String... words) {
        List<NginxArg> args = new ArrayList<>();
        for (String w : words) {
            args.add(NginxArg.raw(w));
        }
        return new Directive(name, args);
    }

    static Directive of(String name, List<NginxArg> args) {
        return new Directive(name, args);
    }

    static Block block(String name, List<NginxArg> args, List<NginxNode> children) {
        return new Block(name, args, children);
    }
}
