package dev.taskflow.notification.projection;

import dev.taskflow.notification.records.NotificationRecords;
import dev.taskflow.notification.records.NotificationRecordsOnly;
import dev.taskflow.support.operations.RebuildableProjection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The notification records can be rebuilt blue-green from Kafka into a shadow copy of {@code notification}.
 * The rebuild's handler is {@link NotificationRecordsOnly}: it writes that shadow table and nothing else,
 * never the delivery table, so a rebuild sends nothing. Not rebuilt (user state and what was sent):
 * {@code notification_read}, {@code delivery}, {@code delivery_attempt}, {@code contact_settings},
 * {@code webhook}; a record keeps its id across a rebuild, so its read mark stays.
 */
@Configuration(proxyBeanMethods = false)
class NotificationRebuildConfiguration {

    @Bean
    RebuildableProjection notificationsRebuild(NotificationRecords records) {
        return new RebuildableProjection(NotificationProjection.GROUP, List.of(NotificationRecords.TABLE),
                tables -> new NotificationRecordsOnly(records.writingTo(tables.of(NotificationRecords.TABLE))));
    }
}
