package dev.taskflow.workflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.taskflow.workflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule knowsNoOtherService = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.taskflow.query..", "dev.taskflow.audit..", "dev.taskflow.analytics..",
                    "dev.taskflow.organization..", "dev.taskflow.billing..", "dev.taskflow.identity..",
                    "dev.taskflow.gateway..");

    @ArchTest
    static final ArchRule aggregatesKnowNoWeb = noClasses().that().resideInAnyPackage("..command..")
            .should().dependOnClassesThat().resideInAnyPackage("..web..", "org.springframework.web..");

    @ArchTest
    static final ArchRule webReachesAggregatesOnlyThroughCommands = noClasses().that().resideInAnyPackage("..web..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.taskflow.workflow..command..");

    @ArchTest
    static final ArchRule noSynchronousCallsToOtherServices = noClasses().should().dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.web.client.RestTemplate")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.web.client.RestClient");
}
