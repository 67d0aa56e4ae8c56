package dev.taskflow.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.taskflow.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Other services are known only through core-api events and their HTTP API. */
    @ArchTest
    static final ArchRule noOtherServices = noClasses().that().resideInAPackage("dev.taskflow.query..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.taskflow.workflow..", "dev.taskflow.organization..",
                    "dev.taskflow.billing..", "dev.taskflow.identity..", "dev.taskflow.gateway..",
                    "dev.taskflow.audit..", "dev.taskflow.analytics..", "dev.taskflow.platform..");

    /** The web layer asks through the QueryGateway; tables, SQL and JPA stay in the projection. */
    @ArchTest
    static final ArchRule webGoesThroughTheQueryGateway = noClasses().that().resideInAPackage("dev.taskflow.query.web..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.taskflow.query.projection..",
                    "org.springframework.jdbc..", "jakarta.persistence..", "org.springframework.data..",
                    "org.springframework.transaction..");

    /** The projection knows nothing of HTTP. */
    @ArchTest
    static final ArchRule projectionIsNotWeb = noClasses().that().resideInAPackage("dev.taskflow.query.projection..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.taskflow.query.web..",
                    "org.springframework.web..", "dev.taskflow.support.web..");
}
