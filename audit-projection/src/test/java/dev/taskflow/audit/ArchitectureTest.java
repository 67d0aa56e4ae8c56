package dev.taskflow.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.taskflow.audit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Other services are known only through core-api events and their HTTP API. */
    @ArchTest
    static final ArchRule noOtherServices = noClasses().that().resideInAPackage("dev.taskflow.audit..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.taskflow.workflow..", "dev.taskflow.organization..",
                    "dev.taskflow.billing..", "dev.taskflow.identity..", "dev.taskflow.gateway..",
                    "dev.taskflow.query..", "dev.taskflow.analytics..", "dev.taskflow.platform..");

    /** The trail knows nothing of HTTP. */
    @ArchTest
    static final ArchRule trailIsNotWeb = noClasses().that().resideInAPackage("dev.taskflow.audit.trail..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.taskflow.audit.web..",
                    "org.springframework.web..", "dev.taskflow.support.web..");

    /** The web layer only reads: it never sees the SQL, nor the writing side of the trail. */
    @ArchTest
    static final ArchRule webOnlyReads = noClasses().that().resideInAPackage("dev.taskflow.audit.web..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "jakarta.persistence..",
                    "org.axonframework.eventhandling..");
}
