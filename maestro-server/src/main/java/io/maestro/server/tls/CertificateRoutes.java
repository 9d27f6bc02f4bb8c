package io.maestro.server.tls;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.maestro.hosts.lb.tls.InvalidCertificateException;
import io.maestro.server.Access;
import io.maestro.server.ApiException;
import io.maestro.server.Auth;
import io.maestro.server.JsonBody;
import io.maestro.server.RouteGroup;
import io.maestro.store.tls.StoredCertificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handlers of {@code /api/v1/certificates}: add (admin; checked before stored, key
 * encrypted), list (viewer; names, hosts, expiry and issuer, never the key), remove (admin).
 */
public final class CertificateRoutes implements RouteGroup {

    private static final String CERTIFICATES = "/api/v1/certificates";

    private final CertificateStore certificates;
    private final ObjectMapper json;

    public CertificateRoutes(CertificateStore certificates, ObjectMapper json) {
        this.certificates = certificates;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        app.get(CERTIFICATES, this::list, Access.VIEWER);
        app.post(CERTIFICATES, this::add, Access.ADMIN);
        app.delete(CERTIFICATES + "/{name}", this::remove, Access.ADMIN);
    }

    @Override
    public String openApiFragment() {
        return "certificates.json";
    }

    /** {@code GET /api/v1/certificates}. */
    void list(Context ctx) {
        ctx.json(Map.of("certificates", certificates.list().stream().map(CertificateRoutes::summary).toList()));
    }

    /** {@code POST /api/v1/certificates}: {@code {name, certificate, key, chain?}}. */
    void add(Context ctx) {
        JsonBody body = JsonBody.of(ctx, json);
        String name = JsonBody.matching("name", body.requiredText("name"), CertificateStore.NAME,
                "a DNS label (lowercase letters, digits and '-', at most 63 characters)");
        String certificate = body.requiredText("certificate");
        String key = body.requiredText("key");
        String chain = body.optionalText("chain").orElse(null);
        StoredCertificate added;
        try {
            added = certificates.add(name, certificate, key, chain, Auth.actor(ctx));
        } catch (InvalidCertificateException e) {
            throw new ApiException(400, "invalid_certificate", e.getMessage() + "\nnothing was stored");
        }
        ctx.status(HttpStatus.CREATED).json(summary(added));
    }

    /** {@code DELETE /api/v1/certificates/{name}}. */
    void remove(Context ctx) {
        certificates.remove(ctx.pathParam("name"), Auth.actor(ctx));
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static Map<String, Object> summary(StoredCertificate certificate) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", certificate.name());
        out.put("hosts", certificate.hosts());
        out.put("notAfter", certificate.notAfter().toString());
        out.put("issuer", certificate.issuer());
        out.put("addedAt", certificate.addedAt().toString());
        out.put("addedBy", certificate.addedBy());
        return out;
    }
}
