package dev.taskflow.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.taskflow.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule freeOfSpringAndJpa = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "javax.persistence..", "org.hibernate..");

    @ArchTest
    static final ArchRule knowsNoService = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.taskflow.workflow..", "dev.taskflow.query..", "dev.taskflow.audit..",
                    "dev.taskflow.analytics..", "dev.taskflow.organization..", "dev.taskflow.billing..",
                    "dev.taskflow.identity..", "dev.taskflow.gateway..", "dev.taskflow.support..");

    @ArchTest
    static final ArchRule eventsAreRevisionedRecords = classes().that().haveSimpleNameEndingWith("Event")
            .should().beRecords().andShould().beAnnotatedWith(org.axonframework.serialization.Revision.class);

    @ArchTest
    static final ArchRule commandsAndQueriesAreRecords = classes().that().haveSimpleNameEndingWith("Command")
            .or().haveSimpleNameEndingWith("Query").should().beRecords();
}
