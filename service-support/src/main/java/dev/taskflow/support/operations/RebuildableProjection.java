package dev.taskflow.support.operations;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A Kafka-fed projection that operators may rebuild blue-green: a second processor reads its topics from
 * offset zero into shadow copies of its tables while the live one goes on serving and consuming, and the
 * shadow tables take the live names once they have caught up (see {@link ProjectionRebuilds}).
 *
 * @param processingGroup the live processor's name, e.g. {@code audit-trail}
 * @param tables          the tables the projection writes, by their live names
 * @param handlers        builds an event handler object that writes to the tables {@link TableNames} gives
 *                        it; it must do nothing but write them (no mail, no webhooks: a rebuild replays history)
 * @param shadowDdl       statements to run after the shadow tables were created as copies of the live ones
 *                        ({@code like ... including all} copies columns, defaults, constraints and indexes,
 *                        not triggers)
 */
public record RebuildableProjection(String processingGroup, List<String> tables, Function<TableNames, Object> handlers,
                                    Function<TableNames, List<String>> shadowDdl) {

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,40}");

    public RebuildableProjection {
        Objects.requireNonNull(processingGroup, "processingGroup");
        tables = List.copyOf(tables);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("a rebuildable projection writes at least one table");
        }
        // the names go into DDL statements: plain lower-case identifiers only
        tables.forEach(table -> {
            if (!TABLE.matcher(table).matches()) {
                throw new IllegalArgumentException("not a plain table name: " + table);
            }
        });
        Objects.requireNonNull(handlers, "handlers");
        shadowDdl = shadowDdl == null ? names -> List.of() : shadowDdl;
    }

    public RebuildableProjection(String processingGroup, List<String> tables, Function<TableNames, Object> handlers) {
        this(processingGroup, tables, handlers, null);
    }

    /** Where a handler built for a rebuild writes: the table to use in place of a live table. */
    @FunctionalInterface
    public interface TableNames {

        String of(String liveTable);
    }
}
