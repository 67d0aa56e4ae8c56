package dev.taskflow.notification.web;

import dev.taskflow.notification.contacts.Channel;
import dev.taskflow.notification.contacts.ContactDirectory;
import dev.taskflow.notification.contacts.ContactSettings;
import dev.taskflow.support.web.RequestContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import java.util.EnumSet;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The current user's contact preferences: this service owns email addresses (identity has none). */
@RestController
class SettingsController {

    private final ContactDirectory contacts;

    SettingsController(ContactDirectory contacts) {
        this.contacts = contacts;
    }

    /** @param channels always with IN_APP, sorted */
    record SettingsView(String email, List<Channel> channels) {

        static SettingsView of(ContactSettings settings) {
            return new SettingsView(settings.email(), settings.channels().stream().sorted().toList());
        }
    }

    @Operation(summary = "The current user's email address and notification channels")
    @GetMapping("/notifications/settings")
    SettingsView settings(@Parameter(hidden = true) RequestContext context) {
        return SettingsView.of(contacts.of(context.requireUser()));
    }

    @Operation(summary = "Sets the current user's email address and channels (IN_APP is always on)")
    @PutMapping("/notifications/settings")
    SettingsView update(@Valid @RequestBody SettingsRequest request, @Parameter(hidden = true) RequestContext context) {
        EnumSet<Channel> channels = EnumSet.of(Channel.IN_APP);
        if (request.wantsEmailChannel()) {
            channels.add(Channel.EMAIL);
        }
        String email = request.email() == null || request.email().isBlank() ? null : request.email().trim();
        return SettingsView.of(contacts.save(new ContactSettings(context.requireUser(), email, channels)));
    }
}
