package dev.taskflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Resident memory of process trees, read from /proc (Linux only). */
final class ProcessMemory {

    /**
     * @param rssBytes sum of VmRSS: what the figure asks for; counts shared pages (PostgreSQL's shared buffers)
     *                 once per process that touched them, so it overstates
     * @param pssBytes sum of Pss (shared pages divided among their users): the honest total
     */
    record Usage(long rssBytes, long pssBytes, int processes) {
        static final Usage NONE = new Usage(0, 0, 0);
    }

    private ProcessMemory() {
    }

    static Usage of(Set<Long> pids) {
        long rss = 0;
        long pss = 0;
        int count = 0;
        for (long pid : pids) {
            long r = kilobytes(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
            if (r < 0) {
                continue; // gone meanwhile
            }
            rss += r * 1024;
            pss += Math.max(0, kilobytes(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:")) * 1024;
            count++;
        }
        return new Usage(rss, pss, count);
    }

    /** The roots and every process below them. */
    static Set<Long> trees(Set<Long> roots) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> {
                        long ppid = parentOf(Long.parseLong(n));
                        if (ppid > 0) {
                            children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(Long.parseLong(n));
                        }
                    });
        } catch (IOException | RuntimeException e) {
            // processes come and go while /proc is listed
            return roots;
        }
        Set<Long> all = new LinkedHashSet<>();
        List<Long> queue = new ArrayList<>(roots);
        while (!queue.isEmpty()) {
            long pid = queue.remove(queue.size() - 1);
            if (all.add(pid)) {
                queue.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return all;
    }

    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    static boolean alive(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name in parentheses may hold spaces; the fields after its last ')' are fixed
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long kilobytes(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
