package dev.taskflow.query.projection;

import dev.taskflow.support.operations.RebuildableProjection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The task and project views can be rebuilt blue-green from Kafka into shadow copies of their tables. */
@Configuration(proxyBeanMethods = false)
class QueryRebuildConfiguration {

    @Bean
    RebuildableProjection taskViewRebuild(WorkflowViewStore store) {
        return new RebuildableProjection(WorkflowViewProjection.GROUP,
                List.of(WorkflowViewStore.TASKS, WorkflowViewStore.PROJECTS),
                tables -> new WorkflowViewProjection(
                        store.writingTo(tables.of(WorkflowViewStore.TASKS), tables.of(WorkflowViewStore.PROJECTS))));
    }
}
