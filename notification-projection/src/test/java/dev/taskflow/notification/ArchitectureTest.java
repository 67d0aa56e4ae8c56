package dev.taskflow.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.taskflow.notification", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Other services are known only through core-api events and their HTTP API. */
    @ArchTest
    static final ArchRule noOtherServices = noClasses().that().resideInAPackage("dev.taskflow.notification..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.taskflow.workflow..", "dev.taskflow.organization..",
                    "dev.taskflow.billing..", "dev.taskflow.identity..", "dev.taskflow.gateway..",
                    "dev.taskflow.query..", "dev.taskflow.audit..", "dev.taskflow.analytics..",
                    "dev.taskflow.platform..");

    /**
     * The records (and with them the rebuild's handler, NotificationRecordsOnly) cannot send anything: they
     * know neither the delivery table nor the contacts, mail or HTTP. A rebuild replays history; it must not
     * notify anybody again.
     */
    @ArchTest
    static final ArchRule recordsCannotSend = noClasses().that().resideInAPackage("dev.taskflow.notification.records..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.taskflow.notification.delivery..",
                    "dev.taskflow.notification.contacts..", "dev.taskflow.notification.web..",
                    "dev.taskflow.notification.projection..", "org.springframework.mail..", "jakarta.mail..",
                    "java.net.http..", "org.springframework.web..");

    /** Only the dispatcher's package talks to the outside world (SMTP, HTTP clients). */
    @ArchTest
    static final ArchRule onlyDeliverySends = noClasses().that().resideOutsideOfPackage("dev.taskflow.notification.delivery..")
            .and().resideInAPackage("dev.taskflow.notification..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.mail..", "jakarta.mail..",
                    "java.net.http..");

    /** The web layer never sees SQL, Axon or the events. */
    @ArchTest
    static final ArchRule webSeesNoStorage = noClasses().that().resideInAPackage("dev.taskflow.notification.web..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "jakarta.persistence..",
                    "org.axonframework..", "dev.taskflow.api.workflow..");
}
