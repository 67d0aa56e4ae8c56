package dev.taskflow.billing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.taskflow.billing.domain.Subscription;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.spring.stereotype.Aggregate;

@AnalyzeClasses(packages = "dev.taskflow.billing", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noOtherService = noClasses().that().resideInAPackage("dev.taskflow.billing..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.taskflow.organization..", "dev.taskflow.workflow..", "dev.taskflow.query..",
                    "dev.taskflow.identity..", "dev.taskflow.gateway..", "dev.taskflow.audit..",
                    "dev.taskflow.analytics..", "dev.taskflow.notification..", "dev.taskflow.platform..")
            .because("services meet only through Kafka events and public HTTP APIs");

    @ArchTest
    static final ArchRule webDoesNotTouchTheAggregate = noClasses().that().resideInAPackage("..billing.web..")
            .should().dependOnClassesThat().areAssignableTo(Subscription.class)
            .orShould().dependOnClassesThat().resideInAnyPackage("org.axonframework.eventsourcing..")
            .because("the web layer reaches the aggregate only through the CommandGateway");

    @ArchTest
    static final ArchRule kafkaSideDoesNotTouchTheAggregate = noClasses().that().resideInAPackage("..billing.integration..")
            .should().dependOnClassesThat().areAssignableTo(Subscription.class)
            .because("organization events become commands, sent through the CommandGateway");

    @ArchTest
    static final ArchRule rawCommandGatewayOnlyInTheKafkaStarter = classes().that().resideInAPackage("dev.taskflow.billing..")
            .and().doNotHaveSimpleName("SubscriptionStarter")
            .should().onlyDependOnClassesThat().areNotAssignableTo(CommandGateway.class);

    @ArchTest
    static final ArchRule commandHandlersLiveInTheAggregate = codeUnits().that().areAnnotatedWith(CommandHandler.class)
            .should().beDeclaredInClassesThat().areAnnotatedWith(Aggregate.class);

    @ArchTest
    static final ArchRule eventSourcingHandlersLiveInTheAggregate = noClasses()
            .that().areNotAnnotatedWith(Aggregate.class)
            .should().dependOnClassesThat().areAssignableTo(EventSourcingHandler.class);

    @ArchTest
    static final ArchRule domainIsFreeOfWebAndPersistence = noClasses().that().resideInAPackage("..billing.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.jdbc..",
                    "jakarta.servlet..", "dev.taskflow.support..", "dev.taskflow.billing.web..",
                    "dev.taskflow.billing.query..", "dev.taskflow.billing.integration..");
}
