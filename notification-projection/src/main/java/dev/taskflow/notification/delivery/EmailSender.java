package dev.taskflow.notification.delivery;

import dev.taskflow.notification.NotificationProperties;
import dev.taskflow.notification.contacts.ContactDirectory;
import dev.taskflow.notification.contacts.ContactSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends EMAIL deliveries over SMTP (Spring's {@link JavaMailSender}, configured by {@code spring.mail.*}).
 * The address is the recipient's current one. Each mail carries the delivery id as its {@code Message-ID}
 * and in {@code X-Taskflow-Delivery}, so the same notification is recognisable as such.
 */
@Component
class EmailSender {

    private final ObjectProvider<JavaMailSender> mail;
    private final ContactDirectory contacts;
    private final String from;

    EmailSender(ObjectProvider<JavaMailSender> mail, ContactDirectory contacts, NotificationProperties properties) {
        this.mail = mail;
        this.contacts = contacts;
        this.from = properties.mail().from();
    }

    Outcome send(Delivery delivery) {
        ContactSettings settings = contacts.of(delivery.recipient());
        if (!settings.wantsEmail()) {
            return Outcome.cancelled("email is switched off or no address is set for the recipient");
        }
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return Outcome.retry(null, "no SMTP server configured (spring.mail.host)");
        }
        try {
            MimeMessage message = sender instanceof JavaMailSenderImpl impl
                    ? new IdentifiedMessage(impl.getSession(), "<" + delivery.id() + "@taskflow.notifications>")
                    : sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(from);
            helper.setTo(settings.email());
            helper.setSubject(delivery.subject());
            helper.setText(delivery.payload(), false);
            message.setHeader(WebhookSignature.DELIVERY_HEADER, delivery.id().toString());
            message.setHeader("X-Taskflow-Event-Id", delivery.eventId());
            sender.send(message);
            return Outcome.delivered(null);
        } catch (AddressException | MailParseException e) {
            return Outcome.failed("invalid address: " + e.getMessage());
        } catch (MailPreparationException e) {
            return Outcome.failed("mail could not be prepared: " + e.getMessage());
        } catch (MessagingException | MailException e) {
            return Outcome.retry(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A message whose Message-ID is the delivery's, not one JavaMail makes up. */
    private static final class IdentifiedMessage extends MimeMessage {

        private final String messageId;

        IdentifiedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
