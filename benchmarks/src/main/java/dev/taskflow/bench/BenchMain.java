package dev.taskflow.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark suite in one run: B4 (it starts the platform), the raw PostgreSQL rate, B1, B2, B5, and B3 last
 * (it fills Kafka with synthetic events). See benchmarks/README.md.
 */
public final class BenchMain {

    private static final String OPERATOR_PASSWORD = "bench-ops-secret-1";
    private static final long QUIET_RECORDS = 10;
    private static final Duration QUIET_CAP = Duration.ofMinutes(3);

    private BenchMain() {
    }

    public static void main(String[] args) {
        Path repository = Path.of(System.getProperty("bench.repository", ".")).toAbsolutePath().normalize();
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        BenchOptions options;
        try {
            options = BenchOptions.parse(repository, repository.resolve("target/bench/" + stamp), args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage().isEmpty() ? BenchOptions.USAGE : e.getMessage() + "\n\n" + BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        Report report = new Report(options.output());
        String command = ("./bench.sh " + String.join(" ", masked(args))).trim();
        String machine = Machine.describe();
        System.out.println(machine);
        System.out.println("Report: " + options.output());
        int exit = run(options, report, Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36));
        report.write(machine, command);
        System.out.println();
        System.out.println(report.consoleTable());
        System.out.println("Report: " + options.output().resolve("summary.md"));
        System.exit(exit);
    }

    private static int run(BenchOptions options, Report report, String runId) {
        EmbeddedPlatform platform = null;
        Monitor monitor = null;
        Path data = options.output().resolve("data");
        try {
            GatewayClient gateway;
            Operator operator;
            B4StartAndSize b4 = null;
            String kafka = options.kafka();
            String database = options.databaseUrl();
            BrokerControl broker = options.brokerStop() == null ? null
                    : BrokerControl.commands(options.brokerStop(), options.brokerStart());
            if (options.embedded()) {
                requireFree(Map.of("GATEWAY_PORT", 8080, "KAFKA_PORT", 9092, "POSTGRES_PORT", 54320));
                platform = new EmbeddedPlatform(data, System.getenv());
                EmbeddedPlatform started = platform;
                // Ctrl-C or a kill of the harness must not leave the platform running
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "bench-stop-platform"));
                gateway = new GatewayClient(platform.gatewayUrl());
                b4 = new B4StartAndSize(platform, gateway, report);
                b4.start(options.repository(), options.output().resolve("platform.log"), runId);
                gateway.signUpAndLogIn(EmbeddedPlatform.OPERATOR, OPERATOR_PASSWORD);
                operator = new Operator(gateway, EmbeddedPlatform.OPERATOR, OPERATOR_PASSWORD);
                kafka = platform.kafkaBootstrap();
                database = platform.databaseUrl();
                broker = platform.brokerControl();
            } else {
                gateway = new GatewayClient(options.gateway());
                String[] credentials = options.operator().split(":", 2);
                operator = new Operator(gateway, credentials[0], credentials[1]);
                report.section("B4 start and size").figures.add(Figure.skipped("B4", "start and memory",
                        "≤ 30 s, ≤ 2.5 GiB", "--gateway given"));
            }
            operator.checkRole();
            EmbeddedPlatform measured = platform;
            monitor = new Monitor(operator.forSampling(), measured == null ? () -> ProcessMemory.Usage.NONE : measured::memory);
            monitor.start();
            BenchContext context = new BenchContext(options, gateway, operator, kafka, database, broker, platform,
                    monitor, report, runId);

            System.out.println("Setting up tenants");
            List<Tenants.Tenant> load = context.createTenants("load", options.tenants());
            Tenants.Tenant probe = context.createTenants("probe", 1).get(0);
            List<Tenants.Tenant> outage = context.createTenants("b5", Math.max(2, options.tenants() / 2));
            if (b4 != null) {
                b4.measureIdle();
            }

            RawPostgres raw = new RawPostgres(context);
            if (options.runs("RAW")) {
                Duration length = options.duration().compareTo(Duration.ofSeconds(30)) < 0 ? options.duration()
                        : Duration.ofSeconds(30);
                raw.run(options.clients(), length);
            }
            B1SustainedRate b1 = new B1SustainedRate(context, load);
            if (options.runs("B1")) {
                b1.run(raw.tps());
            }
            if (b4 != null) {
                b4.finish(monitor.between(b1.fromMillis(), b1.toMillis()));
            }
            double half = b1.reference() / 2;
            if (options.runs("B2")) {
                awaitQuiet(monitor, "B2");
                new B2Visibility(context, load, probe).run(half);
            }
            if (options.runs("B5")) {
                awaitQuiet(monitor, "B5");
                new B5OutboxDrain(context, outage).run(half);
            }
            if (options.runs("B3")) {
                awaitQuiet(monitor, "B3");
                new B3Replay(context).run();
            }
            return 0;
        } catch (Exception e) {
            System.out.println("The suite failed: " + e);
            e.printStackTrace(System.out);
            report.section("Harness failure").line("```\n%s\n```", e);
            return 1;
        } finally {
            if (monitor != null) {
                monitor.close();
            }
            if (platform != null) {
                System.out.println("Stopping the platform");
                platform.close();
                if (!options.keepData()) {
                    delete(data);
                }
            }
        }
    }

    /** The command line as the report shows it: without the operator's or the database's password. */
    static List<String> masked(String[] args) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = i > 0 ? args[i - 1] : "";
            shown.add(option.equals("--operator") ? args[i].replaceFirst(":.*$", ":***")
                    : option.equals("--db-url") ? RawPostgres.masked(args[i]) : args[i]);
        }
        return shown;
    }

    /** A benchmark starting on the previous one's backlog would measure that backlog. */
    private static void awaitQuiet(Monitor monitor, String next) {
        if (!monitor.awaitQuiet(QUIET_RECORDS, QUIET_CAP)) {
            System.out.printf("%s starts although the consumers are still behind after %d s%n", next, QUIET_CAP.toSeconds());
        }
    }

    private static void requireFree(Map<String, Integer> defaults) {
        defaults.forEach((variable, fallback) -> {
            String value = System.getenv(variable);
            int port = value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " is in use (another platform running?); stop it or "
                        + "set " + variable);
            }
        });
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("Data directory not deleted: " + directory + " (" + e + ")");
        }
    }
}
