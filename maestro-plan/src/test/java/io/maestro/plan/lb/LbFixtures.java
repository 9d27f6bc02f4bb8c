package io.maestro.plan.lb;

import io.maestro.model.AppDefinition;
import io.maestro.model.DefinitionLoader;
import io.maestro.model.DefinitionLoader.Source;
import java.util.List;
import java.util.Optional;

/** Application files and fake directories for load balancer tests. */
final class LbFixtures {

    static final String SERVICE_YML = """
            services:
              web:
                image: acme/web:1
                ports: ["3000:80:443"]
                traffic_matches: ["shop.example.com", "*.shop.example.com"]
              docs:
                image: acme/docs:1
                ports: ["4000:80"]
                traffic_matches: ["docs.example.com"]
              fallback:
                image: acme/fallback:1
                ports: ["5000:8080"]
              cache:
                image: acme/redis:1
                ports: [{container: 6379, tcp: 6380}]
              dns:
                image: acme/dns:1
                ports: [{container: 53, udp: 5353}]
            """;

    static final String MANIFEST_YML = """
            production:
              docker:
                configuration:
                  activeprotect:
                    http_ban_rate: 3000
                    whitelist: "10.0.0.0/8, 127.0.0.1"
                  nginx:
                    cors: {origin: 'https://app.example.com', methods: 'GET, POST, OPTIONS', headers: 'Authorization', credentials: true}
              load_balancer:
                configuration:
                  balance: leastconn
                  httpchk: /healthz
            """;

    static final LoadBalancerFiles FILES = new LoadBalancerFiles("/var/lib/maestro/lb");

    static final TlsCertificate WEB_CERT = new TlsCertificate("/var/lib/maestro/lb/certs/web.chain.pem",
            "/var/lib/maestro/lb/certs/web.key.pem", "/var/lib/maestro/lb/certs/web.pem");

    private LbFixtures() {}

    static AppDefinition app(String serviceYml, String manifestYml) {
        return DefinitionLoader.create().load(Source.text("service.yml", serviceYml),
                manifestYml == null ? Optional.empty() : Optional.of(Source.text("manifest.yml", manifestYml)),
                "production");
    }

    /** Two backends per port, at 10.0.0.1 and 10.0.0.2, published on 30000 + container port. */
    static BackendDirectory twoBackends() {
        return (service, containerPort) -> List.of(new Backend("10.0.0.1", 30000 + containerPort % 1000),
                new Backend("10.0.0.2", 30000 + containerPort % 1000));
    }

    static CertificateDirectory webCertificate() {
        return (service, hosts) -> service.equals("web") ? Optional.of(WEB_CERT) : Optional.empty();
    }

    static LoadBalancerSpec shop(PlannerOptions options) {
        AppDefinition app = app(SERVICE_YML, MANIFEST_YML);
        return LoadBalancerPlanner.plan(app.services(), app.manifest().forEnvironment("production"), twoBackends(),
                webCertificate(), options);
    }

    static PlannerOptions options() {
        return PlannerOptions.defaults(FILES).withWwwRedirect(PlannerOptions.WwwRedirect.TO_APEX).withHsts(true);
    }
}
