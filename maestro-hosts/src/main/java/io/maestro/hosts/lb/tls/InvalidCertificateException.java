package io.maestro.hosts.lb.tls;

import io.maestro.model.MaestroException;
import java.util.List;

/** A certificate, key or chain cannot be used; every problem found is listed. Nothing was installed. */
public final class InvalidCertificateException extends MaestroException {

    private final List<String> problems;

    public InvalidCertificateException(String what, List<String> problems) {
        super("cannot use the certificate for " + what + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
