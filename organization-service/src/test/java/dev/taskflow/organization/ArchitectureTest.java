package dev.taskflow.organization;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.taskflow.organization.domain.Organization;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.spring.stereotype.Aggregate;

@AnalyzeClasses(packages = "dev.taskflow.organization", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noOtherService = noClasses().that().resideInAPackage("dev.taskflow.organization..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.taskflow.billing..", "dev.taskflow.workflow..", "dev.taskflow.query..",
                    "dev.taskflow.identity..", "dev.taskflow.gateway..", "dev.taskflow.audit..",
                    "dev.taskflow.analytics..", "dev.taskflow.notification..", "dev.taskflow.platform..")
            .because("services meet only through Kafka events and public HTTP APIs");

    @ArchTest
    static final ArchRule webDoesNotTouchTheAggregate = noClasses().that().resideInAPackage("..organization.web..")
            .should().dependOnClassesThat().areAssignableTo(Organization.class)
            .orShould().dependOnClassesThat().resideInAnyPackage("org.axonframework.modelling.command.inspection..",
                    "org.axonframework.eventsourcing..")
            .because("the web layer reaches the aggregate only through the CommandGateway");

    @ArchTest
    static final ArchRule noRawCommandGatewayOutsideTheAggregate = classes().that()
            .resideInAPackage("dev.taskflow.organization..")
            .and().areNotAnnotatedWith(Aggregate.class)
            .should().onlyDependOnClassesThat().areNotAssignableTo(CommandGateway.class);

    @ArchTest
    static final ArchRule commandHandlersLiveInTheAggregate = codeUnits().that().areAnnotatedWith(CommandHandler.class)
            .should().beDeclaredInClassesThat().areAnnotatedWith(Aggregate.class);

    @ArchTest
    static final ArchRule eventSourcingHandlersLiveInTheAggregate = noClasses()
            .that().areNotAnnotatedWith(Aggregate.class)
            .should().dependOnClassesThat().areAssignableTo(EventSourcingHandler.class);

    @ArchTest
    static final ArchRule domainIsFreeOfWebAndPersistence = noClasses().that().resideInAPackage("..organization.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.jdbc..",
                    "jakarta.servlet..", "dev.taskflow.support..", "dev.taskflow.organization.web..",
                    "dev.taskflow.organization.query..");

    @ArchTest
    static final ArchRule readModelDoesNotDecide = noClasses().that().resideInAPackage("..organization.query..")
            .should().dependOnClassesThat().resideInAPackage("..organization.domain..");
}
