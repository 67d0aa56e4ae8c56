package dev.taskflow.support.operations;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which node holds each segment of a processor, read from {@code token_entry} without claiming anything: a
 * processor's own status only knows the segments of this instance.
 */
final class SegmentClaims {

    /** The owner name Axon's JPA token store writes for this JVM: its default, which no service changes. */
    static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    private final ObjectProvider<JdbcTemplate> jdbc;

    SegmentClaims(ObjectProvider<JdbcTemplate> jdbc) {
        this.jdbc = jdbc;
    }

    List<ProcessorView.Claim> of(String processor) {
        JdbcTemplate template = jdbc.getIfAvailable();
        if (template == null) {
            return List.of();
        }
        return template.query("select segment, owner, timestamp from token_entry where processor_name = ? order by segment",
                (rs, row) -> {
                    String owner = rs.getString("owner");
                    String touched = rs.getString("timestamp");
                    return new ProcessorView.Claim(rs.getInt("segment"), owner, NODE.equals(owner),
                            touched == null ? null : Instant.parse(touched));
                }, processor);
    }
}
