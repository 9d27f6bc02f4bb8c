package io.maestro.store.deploy;

import io.maestro.store.app.ApplicationDao;
import io.maestro.store.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The last {@link DriftReport} of each application environment. Objects are kept as lines {@code kind<TAB>name<TAB>change}. */
public final class DriftReportDao {

    private final Database db;
    private final Clock clock;

    public DriftReportDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Stores the result of a check made now, replacing the previous one. */
    public DriftReport put(String application, String environment, List<DriftReport.DriftedObject> objects) {
        Instant now = Instant.now(clock);
        StringBuilder text = new StringBuilder();
        for (DriftReport.DriftedObject o : objects) {
            text.append(clean(o.kind())).append('\t').append(clean(o.name())).append('\t').append(clean(o.change())).append('\n');
        }
        int stored = db.withHandle(h -> h.createUpdate("INSERT INTO drift_reports (application_id, environment, checked_at, objects)"
                        + " SELECT id, :env, :now, :objects FROM applications WHERE name = :app"
                        + " ON CONFLICT (application_id, environment) DO UPDATE SET checked_at = excluded.checked_at,"
                        + " objects = excluded.objects")
                .bind("app", application)
                .bind("env", environment)
                .bind("now", now)
                .bind("objects", text.toString())
                .execute());
        if (stored == 0) {
            throw ApplicationDao.notFound(application);
        }
        return find(application, environment).orElseThrow();
    }

    public Optional<DriftReport> find(String application, String environment) {
        return db.withHandle(h -> h.createQuery("SELECT r.checked_at, r.objects FROM drift_reports r"
                        + " JOIN applications a ON a.id = r.application_id WHERE a.name = :app AND r.environment = :env")
                .bind("app", application)
                .bind("env", environment)
                .map((rs, ctx) -> {
                    Instant checkedAt = ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "checked_at", ctx);
                    List<DriftReport.DriftedObject> objects = new ArrayList<>();
                    for (String line : rs.getString("objects").split("\n")) {
                        String[] parts = line.split("\t", 3);
                        if (parts.length == 3) {
                            objects.add(new DriftReport.DriftedObject(parts[0], parts[1], parts[2]));
                        }
                    }
                    return new DriftReport(application, environment, checkedAt, objects);
                })
                .findOne());
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ');
    }
}
