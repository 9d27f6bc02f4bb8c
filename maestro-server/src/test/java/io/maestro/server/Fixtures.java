package io.maestro.server;

/** Small definitions for the API tests. */
final class Fixtures {

    private Fixtures() {}

    static final String SERVICE_YML = """
            version: 2
            services:
              web:
                image: acme/web:1.0
                ports:
                  - container: 3000
                    http: 80
            """;

    static final String SERVICE_YML_V2 = """
            version: 2
            services:
              web:
                image: acme/web:1.1
                ports:
                  - container: 3000
                    http: 80
            """;

    static final String MANIFEST_YML = """
            production:
              docker:
                configuration:
                  image_keep_count: 3
            """;

    /** Two errors: an unknown key with a did-you-mean and a port out of range. */
    static final String INVALID_SERVICE_YML = """
            version: 2
            services:
              web:
                imgae: acme/web:1.0
                ports:
                  - container: 70000
                    http: 80
            """;
}
