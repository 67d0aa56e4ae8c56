package dev.taskflow.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The command line of bench.sh; see benchmarks/README.md. */
record BenchOptions(Path repository, Path output, String gateway, String operator, String kafka, String databaseUrl,
                    String brokerStop, String brokerStart, Duration duration, Duration outage, long replayEvents,
                    Duration replayTimeout, int clients, int tenants, int b1Attempts, boolean keepData,
                    Set<String> skip, List<String> arguments) {

    static final String USAGE = """
            Usage: ./bench.sh [options]
              (no --gateway)             start ./run.sh on a fresh data directory, run B1-B5, stop it
              --gateway URL              use a running platform instead (B4 skipped)
              --operator USER:PASSWORD   an operator account (IDENTITY_OPERATORS) of that platform; required with --gateway
              --kafka HOST:PORT          its Kafka bootstrap servers (B3); without it B3 is skipped
              --db-url URL               its PostgreSQL as postgresql://user[:password]@host:port/db (pgbench raw rate)
              --broker-stop CMD          shell command that takes its Kafka broker away (B5), with
              --broker-start CMD         the command that gives it back
              --duration D               B1 window per attempt and B2 load (default 60s)
              --outage D                 B5 Kafka outage (default 60s)
              --replay-events N          synthetic events produced for B3 (default 1000000)
              --replay-timeout D         cap on the B3 rebuild (default 10m)
              --clients N                B1 concurrent clients (default 32)
              --tenants N                organizations the load is spread over (default 8)
              --b1-attempts N            B1 rates tried at most (default 4)
              --skip LIST                e.g. B3,B5 (pgbench is "raw")
              --out DIR                  report directory (default target/bench/<timestamp>)
              --keep-data                keep the embedded platform's data directory
            Durations: 90s, 10m, 1h or plain seconds.""";

    boolean embedded() {
        return gateway == null;
    }

    boolean runs(String benchmark) {
        return !skip.contains(benchmark.toUpperCase(Locale.ROOT));
    }

    static BenchOptions parse(Path repository, Path defaultOutput, String[] args) {
        Path output = defaultOutput;
        String gateway = null;
        String operator = null;
        String kafka = null;
        String db = null;
        String stop = null;
        String start = null;
        Duration duration = Duration.ofSeconds(60);
        Duration outage = Duration.ofSeconds(60);
        long replay = 1_000_000;
        Duration replayTimeout = Duration.ofMinutes(10);
        int clients = 32;
        int tenants = 8;
        int attempts = 4;
        boolean keep = false;
        Set<String> skip = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--gateway" -> gateway = value(args, ++i, arg);
                case "--operator" -> operator = value(args, ++i, arg);
                case "--kafka" -> kafka = value(args, ++i, arg);
                case "--db-url" -> db = value(args, ++i, arg);
                case "--broker-stop" -> stop = value(args, ++i, arg);
                case "--broker-start" -> start = value(args, ++i, arg);
                case "--duration" -> duration = duration(value(args, ++i, arg));
                case "--outage" -> outage = duration(value(args, ++i, arg));
                case "--replay-events" -> replay = Long.parseLong(value(args, ++i, arg).replace("_", ""));
                case "--replay-timeout" -> replayTimeout = duration(value(args, ++i, arg));
                case "--clients" -> clients = Integer.parseInt(value(args, ++i, arg));
                case "--tenants" -> tenants = Integer.parseInt(value(args, ++i, arg));
                case "--b1-attempts" -> attempts = Integer.parseInt(value(args, ++i, arg));
                case "--skip" -> {
                    for (String s : value(args, ++i, arg).split(",")) {
                        skip.add(s.trim().toUpperCase(Locale.ROOT));
                    }
                }
                case "--out" -> output = Path.of(value(args, ++i, arg)).toAbsolutePath();
                case "--keep-data" -> keep = true;
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (gateway != null && (operator == null || !operator.contains(":"))) {
            throw new IllegalArgumentException("--gateway needs --operator USER:PASSWORD");
        }
        if ((stop == null) != (start == null)) {
            throw new IllegalArgumentException("--broker-stop and --broker-start go together");
        }
        return new BenchOptions(repository, output, gateway, operator, kafka, db, stop, start, duration, outage, replay,
                replayTimeout, clients, tenants, attempts, keep, skip, List.of(args));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        char unit = t.charAt(t.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("not a duration: " + text);
        };
    }
}
