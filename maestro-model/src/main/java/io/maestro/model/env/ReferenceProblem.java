package io.maestro.model.env;

import io.maestro.model.service.DatabaseKind;
import java.util.List;

/**
 * Something {@link EnvResolver} found while resolving references, for the validator to report
 * with a position. The resolver itself never fails: each problem leaves an
 * {@link ResolvedValue.Unresolved} segment (or uses the reference's default) in the value.
 */
public sealed interface ReferenceProblem {

    /** The variable whose value holds the problem (for a cycle, its first variable in file order). */
    VariableId owner();

    /** {@code _env(SERVICE[svc].NAME)} where this application has no service {@code svc}. */
    record UnknownService(VariableId owner, EnvPart.ServiceVar reference) implements ReferenceProblem {}

    /**
     * A reference to a variable nobody defines, without a default: an {@link EnvPart.AppVar} that
     * is neither an application, injected nor predefined variable, or an {@link EnvPart.ServiceVar}
     * the named service does not define.
     */
    record UndefinedVariable(VariableId owner, EnvPart.Reference reference, String name) implements ReferenceProblem {}

    /**
     * A reference, without a default, to a variable of a data store that is declared but not
     * supported yet (so nothing injects it), e.g. {@code _env(MONGODB_ADDRESS)}.
     */
    record UnsupportedStoreVariable(VariableId owner, EnvPart.AppVar reference, DatabaseKind kind)
            implements ReferenceProblem {}

    /** A cross-application ({@code STACK[...]}) or ConfigStore reference: resolved by the control plane. */
    record ResolvedLater(VariableId owner, EnvPart.Reference reference) implements ReferenceProblem {}

    /**
     * Variables that reference each other in a loop.
     *
     * @param path the loop, starting and ending with the same variable, e.g. {@code [A, B, A]}; it
     *     starts at the variable defined first
     */
    record Cycle(List<VariableId> path) implements ReferenceProblem {
        public Cycle {
            path = List.copyOf(path);
        }

        @Override
        public VariableId owner() {
            return path.get(0);
        }

        /** {@code A -> B -> A}. */
        public String describe() {
            return String.join(" -> ", path.stream().map(VariableId::display).toList());
        }
    }

    /**
     * A chain of references deeper than {@link EnvResolver#MAX_DEPTH}; reported once per
     * resolution, at the variable where the chain starts.
     *
     * @param chain the first {@link EnvResolver#MAX_DEPTH} variables of the chain
     */
    record TooDeep(List<VariableId> chain) implements ReferenceProblem {
        public TooDeep {
            chain = List.copyOf(chain);
        }

        @Override
        public VariableId owner() {
            return chain.get(0);
        }
    }

    /**
     * A value that grows beyond {@link EnvResolver#MAX_VALUE_SIZE} characters once its references
     * are replaced, or (when {@code wholeApplication}) the application's variables together beyond
     * {@link EnvResolver#MAX_TOTAL_SIZE}: references that copy each other twice per level would
     * otherwise expand exponentially.
     */
    record TooLarge(VariableId owner, boolean wholeApplication) implements ReferenceProblem {}
}
