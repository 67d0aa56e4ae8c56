package dev.taskflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The report directory: per-second CSVs, PNG charts, Gatling's HTML reports and summary.md. */
final class Report {

    /** What one benchmark contributes: table lines, a markdown section, charts (relative paths). */
    static final class Section {
        final String title;
        final List<Figure> figures = new ArrayList<>();
        final StringBuilder details = new StringBuilder();
        final List<String> charts = new ArrayList<>();
        final List<String> files = new ArrayList<>();

        Section(String title) {
            this.title = title;
        }

        Section line(String format, Object... args) {
            details.append(args.length == 0 ? format : String.format(format, args)).append('\n');
            return this;
        }
    }

    private final Path directory;
    private final List<Section> sections = new ArrayList<>();

    Report(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path directory() {
        return directory;
    }

    Section section(String title) {
        Section section = new Section(title);
        sections.add(section);
        return section;
    }

    List<Figure> figures() {
        return sections.stream().flatMap(s -> s.figures.stream()).toList();
    }

    void csv(Section section, String name, String header, List<String> rows) {
        try {
            Files.writeString(directory.resolve(name), header + "\n" + String.join("\n", rows) + "\n");
            section.files.add(name);
        } catch (IOException e) {
            section.line("(%s not written: %s)", name, e);
        }
    }

    void chart(Section section, String name, String title, String yLabel, Map<String, double[][]> series) {
        if (Charts.line(directory.resolve(name), title, yLabel, series)) {
            section.charts.add(name);
        }
    }

    void write(String machine, String command) {
        StringBuilder md = new StringBuilder("# taskflow benchmarks\n\n");
        md.append(machine).append('\n');
        md.append("Command: `").append(command).append("`\n\n");
        md.append(table()).append('\n');
        for (Section section : sections) {
            md.append("## ").append(section.title).append("\n\n").append(section.details).append('\n');
            for (String chart : section.charts) {
                md.append("![").append(chart).append("](").append(chart).append(")\n\n");
            }
            if (!section.files.isEmpty()) {
                md.append("Data: ").append(String.join(", ", section.files.stream().map(f -> "[" + f + "](" + f + ")").toList()))
                        .append("\n\n");
            }
        }
        try {
            Files.writeString(directory.resolve("summary.md"), md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String table() {
        StringBuilder t = new StringBuilder("| | figure | measured | target | |\n|---|---|---|---|---|\n");
        for (Figure f : figures()) {
            t.append("| ").append(f.id()).append(" | ").append(f.name()).append(" | ").append(f.value())
                    .append(" | ").append(f.target()).append(" | ").append(f.verdict()).append(" |\n");
        }
        return t.toString();
    }

    /** The table for the terminal: fixed-width columns. */
    String consoleTable() {
        StringBuilder t = new StringBuilder(String.format("%-4s %-44s %-40s %-22s %s%n", "", "figure", "measured",
                "target", ""));
        for (Figure f : figures()) {
            t.append(String.format("%-4s %-44s %-40s %-22s %s%n", f.id(), f.name(), f.value(), f.target(), f.verdict()));
        }
        return t.toString();
    }
}
