package dev.taskflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ceiling B1 is compared with: pgbench on the platform's own PostgreSQL, 32 clients, each transaction
 * inserting one task row and one outbox row into throwaway tables in schema {@code bench}.
 */
final class RawPostgres {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final String SETUP = """
            CREATE SCHEMA IF NOT EXISTS bench;
            DROP TABLE IF EXISTS bench.task, bench.outbox;
            CREATE TABLE bench.task (id uuid PRIMARY KEY, organization_id text NOT NULL, project_id text NOT NULL,
                title text NOT NULL, created_by text NOT NULL, created_at timestamptz NOT NULL);
            CREATE TABLE bench.outbox (id bigserial PRIMARY KEY, aggregate_id uuid NOT NULL, event_type text NOT NULL,
                payload jsonb NOT NULL, created_at timestamptz NOT NULL);
            """;
    // the shape of a task creation: the task row and its event, in one transaction
    private static final String SCRIPT = """
            \\set org random(1, 64)
            BEGIN;
            INSERT INTO bench.task VALUES (gen_random_uuid(), 'org-' || :org, 'project-' || :org, 'bench task', 'user-' || :client_id, now());
            INSERT INTO bench.outbox (aggregate_id, event_type, payload, created_at) VALUES (gen_random_uuid(), 'TaskCreated', jsonb_build_object('organizationId', 'org-' || :org, 'title', 'bench task', 'priority', 'NORMAL'), now());
            COMMIT;
            """;

    private final BenchContext context;
    private double tps = Double.NaN;

    RawPostgres(BenchContext context) {
        this.context = context;
    }

    /** A URL as the report shows it: {@code postgresql://user:***@host/db}. */
    static String masked(String url) {
        return url.replaceFirst("^(postgres(?:ql)?://[^:/@]+):[^@]*@", "$1:***@");
    }

    private static int threads(int clients) {
        return Math.max(1, Math.min(clients, Runtime.getRuntime().availableProcessors()));
    }

    double tps() {
        return tps;
    }

    void run(int clients, Duration duration) throws IOException {
        Report.Section section = context.report().section("Raw PostgreSQL (pgbench)");
        if (context.databaseUrl() == null) {
            section.line("Skipped: no `--db-url`; B1 is then reported without its ratio to the raw rate.");
            return;
        }
        String url = context.databaseUrl();
        Path script = context.report().directory().resolve("pgbench-task-outbox.sql");
        Files.writeString(script, SCRIPT);
        System.out.printf("raw: pgbench, %d clients, %d s%n", clients, duration.toSeconds());
        try {
            Shell.run("psql -v ON_ERROR_STOP=1 -q '" + url + "' <<'SQL'\n" + SETUP + "SQL", Duration.ofMinutes(1));
            String output = Shell.run(String.format("pgbench -n -c %d -j %d -T %d -f '%s' '%s'", clients, threads(clients),
                    duration.toSeconds(), script, url), duration.plusMinutes(2));
            Files.writeString(context.report().directory().resolve("pgbench.txt"), output);
            Matcher m = TPS.matcher(output);
            if (m.find()) {
                tps = Double.parseDouble(m.group(1));
            }
            section.line("pgbench against the platform's PostgreSQL (`%s`), %d clients, one thread per core, %d s, script "
                    + "[pgbench-task-outbox.sql](pgbench-task-outbox.sql): one transaction inserts a task row and an "
                    + "outbox row (jsonb) into tables of schema `bench` (dropped afterwards). Result: **%.0f "
                    + "transactions/s**. Output: [pgbench.txt](pgbench.txt).", masked(url), clients, duration.toSeconds(), tps);
            section.files.add("pgbench.txt");
        } catch (RuntimeException e) {
            section.line("pgbench failed: %s", e.getMessage());
        } finally {
            try {
                Shell.run("psql -q '" + url + "' -c 'DROP SCHEMA IF EXISTS bench CASCADE'", Duration.ofMinutes(1));
            } catch (RuntimeException e) {
                section.line("(schema bench not dropped: %s)", e.getMessage());
            }
        }
    }
}
