package dev.taskflow.notification.contacts;

import java.util.EnumSet;
import java.util.Set;

/**
 * A user's contact preferences, owned by this service.
 *
 * @param email    where email goes, {@code null} when none is known
 * @param channels the channels the user wants; always holds {@link Channel#IN_APP}
 */
public record ContactSettings(String userId, String email, Set<Channel> channels) {

    public ContactSettings {
        EnumSet<Channel> all = EnumSet.of(Channel.IN_APP);
        all.addAll(channels);
        channels = Set.copyOf(all);
    }

    /** Nothing stored yet: in-app only. */
    public static ContactSettings defaults(String userId) {
        return new ContactSettings(userId, null, Set.of(Channel.IN_APP));
    }

    /** Whether email should go out: the channel is on and an address is known. */
    public boolean wantsEmail() {
        return email != null && channels.contains(Channel.EMAIL);
    }
}
