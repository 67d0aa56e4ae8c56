package dev.taskflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfrastructureTest {

    @Test
    void postgresKeepsDataAcrossAStopAndStartAndRefusesWhileStopped(@TempDir Path dir) throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, 0)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER, "")) {
                c.createStatement().execute("create table kept (v text)");
                c.createStatement().execute("insert into kept values ('still here')");
            }
            pg.stop();
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER, "").close())
                    .isInstanceOf(java.sql.SQLException.class);
            pg.start();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER, "");
                 ResultSet rs = c.createStatement().executeQuery("select v from kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
        }
    }

    @Test
    void brokerAcceptsRecordsKeepsThemAcrossARestartAndRefusesWhenKilled(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), 0)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("probe", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(broker))) {
                producer.send(new ProducerRecord<>("probe", "k", "v1")).get();
            }
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThatThrownBy(() -> {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(broker))) {
                    producer.send(new ProducerRecord<>("probe", "k", "lost")).get();
                }
            }).isInstanceOf(Exception.class);

            broker.start();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(broker))) {
                TopicPartition partition = new TopicPartition("probe", 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(10));
                assertThat(records.records(partition)).extracting(r -> r.value()).containsExactly("v1");
            }
        }
        assertThat(Files.readString(dir.resolve("kafka/broker.log"))).contains("KAFKA-READY");
    }

    private static Properties producerProps(KafkaBroker broker) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("max.block.ms", "3000");
        p.put("delivery.timeout.ms", "4000");
        p.put("request.timeout.ms", "2000");
        return p;
    }

    private static Properties consumerProps(KafkaBroker broker) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        return p;
    }
}
