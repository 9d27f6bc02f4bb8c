package io.maestro.model.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Valid documents that the fuzz tests mutate: copies of the reference examples (service.yml A, B, C
 * and the V1 flavour of §1.8; manifests M1 and M2 of §2.6) under {@code src/test/resources/fuzz/seeds}.
 */
public final class Seeds {

    public static final List<String> SERVICE_YML =
            List.of(load("service-a.yml"), load("service-b.yml"), load("service-c.yml"), load("service-v1.yml"));

    public static final List<String> MANIFEST_YML = List.of(load("manifest-m1.yml"), load("manifest-m2.yml"));

    private Seeds() {}

    public static String load(String name) {
        String resource = "/fuzz/seeds/" + name;
        try (InputStream in = Seeds.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
