package dev.taskflow.support.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a rebuild does to Axon's {@code token_entry} rows directly: Axon's token store reads a token only
 * by claiming it, and a swap must check, under a row lock, that nobody else holds the live processor's
 * segments.
 */
final class ProcessorTokens {

    private final JdbcTemplate jdbc;

    ProcessorTokens(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    int segments(String processor) {
        Integer count = jdbc.queryForObject("select count(*) from token_entry where processor_name = ?",
                Integer.class, processor);
        return count == null ? 0 : count;
    }

    void delete(String processor) {
        jdbc.update("delete from token_entry where processor_name = ?", processor);
    }

    /** Whether some node claimed one of the processor's segments within {@code recently}. */
    boolean claimedWithin(String processor, Duration recently, Instant now) {
        List<String> touched = jdbc.queryForList(
                "select timestamp from token_entry where processor_name = ? and owner is not null", String.class,
                processor);
        return touched.stream().anyMatch(at -> at != null && Instant.parse(at).isAfter(now.minus(recently)));
    }

    /** Refuses while another node holds a claim on one of the processor's segments; call in a transaction. */
    void requireUnclaimed(String processor) {
        List<String> owners = jdbc.queryForList(
                "select owner from token_entry where processor_name = ? and owner is not null for update", String.class,
                processor);
        if (!owners.isEmpty()) {
            throw new IllegalStateException("processor " + processor + " is still claimed by " + owners
                    + " (another instance runs it; pause it there first)");
        }
    }
}
