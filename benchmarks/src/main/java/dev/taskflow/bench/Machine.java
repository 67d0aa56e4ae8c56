package dev.taskflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The machine a run was made on, as a markdown paragraph for summary.md. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return String.format("""
                Machine: %d cores (%s), %s memory; %s, kernel %s; %s %s.
                Run started %s; load average then %s; commit %s.
                """, Runtime.getRuntime().availableProcessors(), field("/proc/cpuinfo", "model name"),
                memory(), osName(), System.getProperty("os.version"), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                loadAverage(), commit());
    }

    private static String loadAverage() {
        String[] fields = read("/proc/loadavg").split(" ");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "?";
    }

    private static String memory() {
        String kb = field("/proc/meminfo", "MemTotal").replace("kB", "").trim();
        try {
            return String.format("%.1f GiB", Long.parseLong(kb) / (1024.0 * 1024));
        } catch (NumberFormatException e) {
            return "?";
        }
    }

    private static String osName() {
        for (String line : read("/etc/os-release").split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring("PRETTY_NAME=".length()).replace("\"", "");
            }
        }
        return System.getProperty("os.name");
    }

    private static String commit() {
        try {
            return Shell.run("git rev-parse --short HEAD && git status --porcelain | grep -q . && echo '(with local changes)' || true",
                    Duration.ofSeconds(10)).strip().replace("\n", " ");
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String field(String file, String key) {
        for (String line : read(file).split("\n")) {
            if (line.startsWith(key)) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "?";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
