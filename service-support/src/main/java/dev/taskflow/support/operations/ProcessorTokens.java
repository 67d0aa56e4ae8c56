package dev.taskflow.support.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a rebuild does to Axon's {@code token_entry} rows directly. Axon's token store reads a token only
 * by claiming it; a swap has to move a token from one processor name to another, under a row lock and
 * only while nobody holds the target's claim.
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

    /**
     * Gives {@code target} the tokens of {@code source}, segment by segment, and deletes the source's rows.
     * Call in a transaction; refuses while any segment of the target is claimed (another instance runs it).
     */
    void move(String source, String target) {
        List<String> owners = jdbc.queryForList(
                "select owner from token_entry where processor_name = ? and owner is not null for update", String.class,
                target);
        if (!owners.isEmpty()) {
            throw new IllegalStateException("processor " + target + " is still claimed by " + owners
                    + " (another instance runs it; pause it there first)");
        }
        int sourceSegments = segments(source);
        int moved = jdbc.update("""
                update token_entry live set token = shadow.token, token_type = shadow.token_type
                from token_entry shadow
                where live.processor_name = ? and shadow.processor_name = ? and live.segment = shadow.segment""",
                target, source);
        if (moved != sourceSegments || moved != segments(target)) {
            throw new IllegalStateException("the segments of " + source + " (" + sourceSegments + ") and " + target
                    + " (" + segments(target) + ") do not match");
        }
        delete(source);
    }
}
