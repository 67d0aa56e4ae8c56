package dev.taskflow.support.persistence;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SQL statements collected over an Axon unit of work and sent as JDBC batches just before it commits, in
 * the same transaction as the processor's token. A projection that replays a long history writes a
 * whole processor batch in a few round trips instead of one per event; with the driver's
 * {@code reWriteBatchedInserts} an insert batch becomes a multi-row insert.
 * <p>
 * A failing statement fails the whole unit of work, which the processor then retries: use this only where
 * a failure should not be settled per event (a rebuild, not a dead-lettering live processor). Outside a
 * unit of work a statement runs at once.
 */
public final class DeferredStatements {

    private final JdbcTemplate jdbc;
    private final String resource = DeferredStatements.class.getName() + "@" + System.identityHashCode(this);

    public DeferredStatements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void add(String sql, Object... arguments) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, arguments);
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        List<Statement> pending = root.getOrComputeResource(resource, key -> {
            List<Statement> statements = new ArrayList<>();
            root.onPrepareCommit(unitOfWork -> flush(statements));
            return statements;
        });
        pending.add(new Statement(sql, arguments));
    }

    /** Runs of the same SQL go as one batch each; the order of the statements is kept. */
    private void flush(List<Statement> statements) {
        int start = 0;
        while (start < statements.size()) {
            String sql = statements.get(start).sql();
            int end = start;
            List<Object[]> arguments = new ArrayList<>();
            while (end < statements.size() && statements.get(end).sql().equals(sql)) {
                arguments.add(statements.get(end).arguments());
                end++;
            }
            jdbc.batchUpdate(sql, arguments);
            start = end;
        }
        statements.clear();
    }

    private record Statement(String sql, Object[] arguments) {
    }
}
