package dev.taskflow.identity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.taskflow.identity", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule otherServicesAreReachedOnlyOverHttpOrKafka = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.taskflow.workflow..", "dev.taskflow.query..", "dev.taskflow.audit..",
                    "dev.taskflow.analytics..", "dev.taskflow.organization..", "dev.taskflow.billing..",
                    "dev.taskflow.gateway..", "dev.taskflow.notification..");

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Web").definedBy("dev.taskflow.identity..web..")
            .layer("Application").definedBy("dev.taskflow.identity..app..")
            .layer("Persistence").definedBy("dev.taskflow.identity..persistence..")
            .layer("Keys").definedBy("dev.taskflow.identity..keys..")
            .whereLayer("Web").mayNotBeAccessedByAnyLayer()
            .whereLayer("Application").mayOnlyBeAccessedByLayers("Web")
            .whereLayer("Persistence").mayOnlyBeAccessedByLayers("Application")
            .whereLayer("Keys").mayOnlyBeAccessedByLayers("Application", "Web");

    @ArchTest
    static final ArchRule onlyPersistenceSpeaksSql = noClasses()
            .that().resideOutsideOfPackage("dev.taskflow.identity..persistence..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "javax.sql..");

    @ArchTest
    static final ArchRule usersKnowNothingOfTokens = noClasses()
            .that().resideInAPackage("dev.taskflow.identity.user..")
            .should().dependOnClassesThat().resideInAPackage("dev.taskflow.identity.token..");

    @ArchTest
    static final ArchRule tokenLogicDoesNotReachIntoUserStorage = noClasses()
            .that().resideInAPackage("dev.taskflow.identity.token..")
            .should().dependOnClassesThat().resideInAPackage("dev.taskflow.identity.user.persistence..");

    @ArchTest
    static final ArchRule noWebSecurityStack = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework.security.config..", "org.springframework.security.web..");

    @ArchTest
    static final ArchRule controllersStayPackagePrivate = classes()
            .that().areAnnotatedWith(org.springframework.web.bind.annotation.RestController.class)
            .should().notBePublic()
            .andShould().resideInAPackage("..web..");
}
