package dev.taskflow.analytics.daily;

import dev.taskflow.support.operations.RebuildableProjection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The daily figures can be rebuilt blue-green from Kafka into shadow copies of all of their tables. */
@Configuration(proxyBeanMethods = false)
class AnalyticsRebuildConfiguration {

    @Bean
    RebuildableProjection tasksPerDayRebuild(TasksPerDay tasksPerDay) {
        return new RebuildableProjection(TasksPerDayProjection.GROUP,
                List.of(TasksPerDay.COUNTS, TasksPerDay.COMPLETIONS, TasksPerDay.PROCESSED),
                tables -> new TasksPerDayProjection(tasksPerDay.writingTo(tables.of(TasksPerDay.COUNTS),
                        tables.of(TasksPerDay.COMPLETIONS), tables.of(TasksPerDay.PROCESSED))));
    }
}
