package dev.taskflow.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The gateway knows the services only by their HTTP addresses, and it stays reactive. */
@AnalyzeClasses(packages = "dev.taskflow.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noOtherServicesCode = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.taskflow.workflow..", "dev.taskflow.query..", "dev.taskflow.audit..",
                    "dev.taskflow.analytics..", "dev.taskflow.organization..", "dev.taskflow.billing..",
                    "dev.taskflow.identity..", "dev.taskflow.support..")
            .because("services are reached over HTTP only, and service-support is servlet-based");

    @ArchTest
    static final ArchRule noServletApi = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "jakarta.servlet..", "org.springframework.web.servlet..", "org.springframework.web.bind.annotation..")
            .because("the gateway runs on WebFlux/Netty");

    @ArchTest
    static final ArchRule noPersistenceOrAxon = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "jakarta.persistence..", "org.axonframework..", "org.springframework.jdbc..")
            .because("the gateway owns no data");
}
