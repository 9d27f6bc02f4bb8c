package io.maestro.server.dashboard;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/**
 * Renders the precompiled JTE templates (generated at build time from {@code src/main/jte} into
 * the package {@value #PACKAGE}: nothing is compiled at run time) with the HTML content type, so
 * every value is escaped for where it lands (element text, attribute). Every page goes out with
 * headers that forbid framing, inline scripts and caching.
 */
final class Templates {

    static final String PACKAGE = "io.maestro.server.dashboard.jte";

    /** Only the server's own files: no inline script or style, no other origin, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Templates.class.getClassLoader(), PACKAGE);

    /** Renders {@code template} (e.g. {@code "apps.jte"}) with its page record as the response. */
    void render(Context ctx, String template, Object page) {
        StringOutput output = new StringOutput();
        engine.render(template, page, output);
        securityHeaders(ctx);
        ctx.contentType("text/html; charset=utf-8").result(output.toString());
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }
}
