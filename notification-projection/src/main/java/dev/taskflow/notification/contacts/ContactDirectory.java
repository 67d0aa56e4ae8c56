package dev.taskflow.notification.contacts;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code contact_settings} table: each user's email address and channels. */
@Repository
public class ContactDirectory {

    private final JdbcTemplate jdbc;

    ContactDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public ContactSettings of(String userId) {
        List<ContactSettings> found = jdbc.query("select email, channels from contact_settings where user_id = ?",
                (rs, i) -> new ContactSettings(userId, rs.getString("email"), channels(rs.getString("channels"))), userId);
        return found.isEmpty() ? ContactSettings.defaults(userId) : found.get(0);
    }

    public ContactSettings save(ContactSettings settings) {
        jdbc.update("""
                        insert into contact_settings (user_id, email, channels, updated_at) values (?, ?, ?, now())
                        on conflict (user_id) do update set email = excluded.email, channels = excluded.channels,
                                                            updated_at = excluded.updated_at""",
                settings.userId(), settings.email(),
                settings.channels().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        return of(settings.userId());
    }

    private static Set<Channel> channels(String stored) {
        EnumSet<Channel> channels = EnumSet.noneOf(Channel.class);
        Arrays.stream(stored == null ? new String[0] : stored.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(name -> channels.add(Channel.valueOf(name)));
        return channels;
    }
}
