package io.maestro.model.env;

import java.util.Objects;

/**
 * Names one defined variable of an application: an application variable (manifest
 * {@code environment_variables}) or a variable of one service ({@code env_vars}).
 *
 * @param service the service, or null for an application variable
 * @param name the variable name
 */
public record VariableId(String service, String name) {

    public VariableId {
        Objects.requireNonNull(name, "name");
    }

    public static VariableId application(String name) {
        return new VariableId(null, name);
    }

    public static VariableId ofService(String service, String name) {
        return new VariableId(Objects.requireNonNull(service, "service"), name);
    }

    public boolean isApplication() {
        return service == null;
    }

    /** {@code NAME} for an application variable, {@code web.NAME} for a service's. */
    public String display() {
        return service == null ? name : service + "." + name;
    }

    @Override
    public String toString() {
        return display();
    }
}
