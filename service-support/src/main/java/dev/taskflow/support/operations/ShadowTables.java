package dev.taskflow.support.operations;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The DDL of a blue-green rebuild: shadow copies of a projection's tables, and the swap that gives them
 * the live names. PostgreSQL's DDL is transactional, so a swap run in one transaction is atomic: a reader
 * waits for its lock and then sees either the old tables or the new ones, never an empty one.
 */
final class ShadowTables {

    static final String SHADOW = "__rebuild";
    private static final String RETIRED = "__retired";

    private final JdbcTemplate jdbc;

    ShadowTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static String shadowOf(String table) {
        return table + SHADOW;
    }

    void create(RebuildableProjection projection) {
        for (String table : projection.tables()) {
            jdbc.execute("create table " + shadowOf(table) + " (like " + table + " including all)");
        }
        List<String> extra = projection.shadowDdl().apply(ShadowTables::shadowOf);
        extra.forEach(jdbc::execute);
    }

    void drop(RebuildableProjection projection) {
        for (String table : projection.tables()) {
            jdbc.execute("drop table if exists " + shadowOf(table));
        }
    }

    boolean anyExists(RebuildableProjection projection) {
        return projection.tables().stream().anyMatch(table -> Boolean.TRUE.equals(jdbc.queryForObject(
                "select to_regclass(?) is not null", Boolean.class, shadowOf(table))));
    }

    /** The shadow tables take the live names and the old tables are dropped; call in a transaction. */
    void swap(RebuildableProjection projection) {
        for (String table : projection.tables()) {
            jdbc.execute("alter table " + table + " rename to " + table + RETIRED);
            jdbc.execute("alter table " + shadowOf(table) + " rename to " + table);
            jdbc.execute("drop table " + table + RETIRED);
        }
    }
}
