package dev.taskflow.bench;

import io.gatling.app.Gatling$;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Runs {@link CreateTasksSimulation} in this JVM and keeps its HTML report under the report directory. */
final class GatlingRun {

    private GatlingRun() {
    }

    /** @return the folder of Gatling's HTML report (index.html), if Gatling wrote one */
    static Optional<Path> run(LoadPlan plan, Path reportDirectory) {
        LoadPlan.use(plan);
        Path results = reportDirectory.resolve("gatling");
        try {
            Files.createDirectories(results);
            System.out.println("  Gatling: " + plan.describe());
            int status = Gatling$.MODULE$.fromArgs(new String[] {
                    "--simulation", CreateTasksSimulation.class.getName(),
                    "--results-folder", results.toString(),
                    "--run-description", plan.phase() + ": " + plan.describe()});
            if (status != 0) {
                System.out.println("  Gatling exited with status " + status);
            }
            return newest(results).map(dir -> rename(dir, results.resolve(plan.phase())));
        } catch (IOException e) {
            System.out.println("  Gatling report not kept: " + e);
            return Optional.empty();
        } finally {
            LoadPlan.use(null);
        }
    }

    private static Optional<Path> newest(Path results) throws IOException {
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("createtaskssimulation"))
                    .max(Comparator.comparingLong(d -> d.toFile().lastModified()));
        }
    }

    private static Path rename(Path from, Path to) {
        try {
            return Files.move(from, to);
        } catch (IOException e) {
            return from;
        }
    }
}
