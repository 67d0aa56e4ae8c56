package dev.taskflow.analytics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.taskflow.analytics", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Other services are known only through core-api events and their HTTP API. */
    @ArchTest
    static final ArchRule noOtherServices = noClasses().that().resideInAPackage("dev.taskflow.analytics..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.taskflow.workflow..", "dev.taskflow.organization..",
                    "dev.taskflow.billing..", "dev.taskflow.identity..", "dev.taskflow.gateway..",
                    "dev.taskflow.query..", "dev.taskflow.audit..", "dev.taskflow.platform..");

    /** The figures know nothing of HTTP. */
    @ArchTest
    static final ArchRule figuresAreNotWeb = noClasses().that().resideInAPackage("dev.taskflow.analytics.daily..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.taskflow.analytics.web..",
                    "org.springframework.web..", "dev.taskflow.support.web..");

    /** The web layer only reads, and never sees SQL or events. */
    @ArchTest
    static final ArchRule webOnlyReads = noClasses().that().resideInAPackage("dev.taskflow.analytics.web..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "jakarta.persistence..",
                    "org.axonframework..", "dev.taskflow.api.workflow..");
}
