package dev.taskflow.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * B4: from launching ./run.sh to the first 201 of POST /workflow/tasks, and the resident memory of everything
 * run.sh started, idle and at its peak under B1.
 */
final class B4StartAndSize {

    static final double START_TARGET_SECONDS = 30;
    static final double MEMORY_TARGET_BYTES = 2.5 * 1024 * 1024 * 1024;
    private static final Duration START_CAP = Duration.ofMinutes(5);

    private final EmbeddedPlatform platform;
    private final GatewayClient gateway;
    private final Report.Section section;
    private double startSeconds = Double.NaN;
    private ProcessMemory.Usage idle = ProcessMemory.Usage.NONE;

    B4StartAndSize(EmbeddedPlatform platform, GatewayClient gateway, Report report) {
        this.platform = platform;
        this.gateway = gateway;
        this.section = report.section("B4 start and size");
    }

    /** Starts the platform and returns once a task was created; throws when it never is. */
    void start(Path repository, Path log, String runId) throws IOException {
        System.out.println("B4: launching ./run.sh (log: " + log + ")");
        Instant launched = platform.launch(repository, log);
        Instant deadline = launched.plus(START_CAP);
        String user = "bench-" + runId + "-first";
        while (Instant.now().isBefore(deadline)) {
            if (!platform.alive()) {
                throw new IllegalStateException("run.sh ended before the platform was up; see " + log);
            }
            if (firstTask(user)) {
                startSeconds = Duration.between(launched, Instant.now()).toMillis() / 1000.0;
                System.out.printf("B4: first 201 after %.1f s%n", startSeconds);
                section.figures.add(new Figure("B4", "start: run.sh to first 201", String.format("%.1f s", startSeconds),
                        "≤ 30 s", startSeconds <= START_TARGET_SECONDS));
                return;
            }
            Tenants.sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("no task created within " + START_CAP + " of launching run.sh; see " + log);
    }

    /** One pass of what a first user does; false as soon as a step fails (the platform is still starting). */
    private boolean firstTask(String user) {
        try {
            String token = gateway.signUpAndLogIn(user, Tenants.PASSWORD);
            GatewayClient.Response org = gateway.post("/organizations", token, null, Map.of("name", user));
            String orgId = org.text("organizationId");
            if (orgId == null) {
                return false;
            }
            GatewayClient.Response project = Tenants.retry("project", () -> gateway.post("/workflow/projects", token,
                    orgId, Map.of("name", "first")), 201);
            return gateway.post("/workflow/tasks", token, orgId,
                    Map.of("projectId", project.text("projectId"), "title", "first task")).status() == 201;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Idle: a few seconds after start-up and set-up, before any load. */
    void measureIdle() {
        Tenants.sleep(Duration.ofSeconds(5));
        idle = platform.memory();
        System.out.printf("B4: idle resident memory %s (PSS %s, %d processes)%n", gib(idle.rssBytes()),
                gib(idle.pssBytes()), idle.processes());
        section.figures.add(new Figure("B4", "resident memory, idle", gib(idle.rssBytes()), "≤ 2.5 GiB",
                idle.rssBytes() <= MEMORY_TARGET_BYTES));
    }

    void finish(List<Monitor.Sample> underB1) {
        long peakRss = underB1.stream().mapToLong(Monitor.Sample::rssBytes).max().orElse(0);
        long peakPss = underB1.stream().mapToLong(Monitor.Sample::pssBytes).max().orElse(0);
        section.figures.add(new Figure("B4", "resident memory, peak under B1", gib(peakRss), "≤ 2.5 GiB",
                peakRss == 0 ? null : peakRss <= MEMORY_TARGET_BYTES));
        section.line("- Start: from launching `./run.sh` on an already-built tree with an empty data directory to the "
                + "first `201` of `POST /workflow/tasks`; the harness signs up, creates an organization and a project "
                + "and posts a task in a loop (every 100 ms) as soon as the gateway answers: **%.1f s**.", startSeconds);
        section.line("- Memory: the sum of `VmRSS` of the launcher JVM, its children (the Kafka broker JVM) and the "
                + "PostgreSQL server with its backends (found through `postmaster.pid`; it detaches from the "
                + "launcher), read from `/proc`.");
        section.line("- Idle (5 s after start-up and tenant set-up): RSS **%s**, PSS %s, %d processes.",
                gib(idle.rssBytes()), gib(idle.pssBytes()), idle.processes());
        section.line("- Peak under B1 (sampled every second): RSS **%s**, PSS %s.", gib(peakRss), gib(peakPss));
        section.line("- RSS counts PostgreSQL's shared buffers once in every backend that touched them; PSS divides "
                + "shared pages among their users and is the better estimate of the machine's memory in use.");
    }

    static String gib(long bytes) {
        return String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
