package dev.taskflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.messaging.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * B3: a blue-green rebuild of the audit trail from Kafka holding the platform's events plus a large number of
 * synthetic ones, with the live consumers paused, against a plain KafkaConsumer reading the same topics.
 */
final class B3Replay {

    static final String PROJECTION = "audit-trail";
    static final double RATE_TARGET = 50_000;
    static final double RAW_RATIO_TARGET = 0.3;

    private final BenchContext context;

    B3Replay(BenchContext context) {
        this.context = context;
    }

    void run() {
        Report.Section section = context.report().section("B3 replay rate");
        String kafka = context.kafka();
        if (kafka == null) {
            section.line("Skipped: no `--kafka` bootstrap servers to produce the synthetic events to.");
            section.figures.add(Figure.skipped("B3", "audit-trail rebuild rate", "≥ 50 000 events/s", "no --kafka"));
            return;
        }
        long events = context.options().replayEvents();
        List<Operator.ProcessorLag> paused = pauseConsumers();
        try {
            System.out.printf("B3: producing %d synthetic TaskCreated events%n", events);
            double produceSeconds = SyntheticEvents.produce(kafka, events, context.runId());
            long inTopics = RawConsumer.count(kafka, Topics.ALL);
            System.out.printf("B3: produced in %.1f s; the audit topics hold %d records; raw consumer read%n",
                    produceSeconds, inTopics);
            RawConsumer.Read raw = RawConsumer.readAll(kafka, Topics.ALL);
            System.out.printf("B3: raw consumer %d records in %.1f s (%.0f/s); rebuilding %s%n", raw.records(),
                    raw.seconds(), raw.rate(), PROJECTION);
            rebuild(section, events, produceSeconds, inTopics, raw, paused);
        } finally {
            for (Operator.ProcessorLag p : paused) {
                GatewayClient.Response answer = context.operator().resume(p.service(), p.processor());
                if (answer.status() != 200) {
                    System.out.println("B3: resuming " + p.key() + " answered " + answer.status() + " " + answer.body());
                }
            }
        }
    }

    /** Every running Kafka consumer, so that the rebuild has the machine to itself. */
    private List<Operator.ProcessorLag> pauseConsumers() {
        List<Operator.ProcessorLag> paused = new ArrayList<>();
        for (Operator.ProcessorLag p : context.operator().consumers()) {
            if (p.running() && context.operator().pause(p.service(), p.processor()).status() == 200) {
                paused.add(p);
            }
        }
        System.out.println("B3: paused " + paused.stream().map(Operator.ProcessorLag::key).toList());
        return paused;
    }

    private void rebuild(Report.Section section, long events, double produceSeconds, long inTopics,
                         RawConsumer.Read raw, List<Operator.ProcessorLag> paused) {
        Duration cap = context.options().replayTimeout();
        // manual swap: with the live processor paused behind the synthetic events the rebuild is READY (and an
        // automatic swap would end it) long before it has read them all; the measure is reading them all
        GatewayClient.Response started = context.operator().rebuild(PROJECTION, "manual");
        if (started.status() != 202) {
            section.line("The rebuild was refused: %d %s", started.status(), started.body());
            section.figures.add(new Figure("B3", "audit-trail rebuild rate", "refused (" + started.status() + ")",
                    "≥ 50 000 events/s", false));
            return;
        }
        long from = System.currentTimeMillis();
        List<String> rows = new ArrayList<>();
        List<double[]> progress = new ArrayList<>();
        JsonNode status;
        double readySeconds = Double.NaN;
        boolean capped = false;
        double allRead = Double.NaN;
        while (true) {
            status = context.operator().rebuildStatus(PROJECTION);
            String state = status.path("state").asText("?");
            double elapsed = (System.currentTimeMillis() - from) / 1000.0;
            long processed = status.path("processed").asLong();
            rows.add(String.format("%.1f,%s,%d,%d", elapsed, state, processed, status.path("target").asLong()));
            progress.add(new double[] {elapsed, processed});
            if (Double.isNaN(readySeconds) && (state.equals("READY") || state.equals("SWAPPING") || state.equals("SWAPPED"))) {
                readySeconds = elapsed;
            }
            if (processed >= inTopics) {
                allRead = elapsed;
                context.operator().cancelRebuild(PROJECTION);
                break;
            }
            if (state.equals("SWAPPED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                break;
            }
            if (elapsed > cap.toSeconds()) {
                capped = true;
                // a rebuild left running would compete with whatever comes next, and with the platform's stop
                context.operator().cancelRebuild(PROJECTION);
                break;
            }
            Tenants.sleep(Duration.ofMillis(500));
        }
        String state = status.path("state").asText("?");
        long processed = status.path("processed").asLong();
        boolean complete = !Double.isNaN(allRead);
        double seconds = complete ? allRead : (System.currentTimeMillis() - from) / 1000.0;
        double rate = seconds > 0 ? processed / seconds : 0;
        String measured = complete ? String.format("%.0f events/s", rate) : capped ? String.format(
                "%.0f events/s (capped at %d s, %d of %d read)", rate, cap.toSeconds(), processed, inTopics) : state;
        section.figures.add(new Figure("B3", "audit-trail rebuild rate (start to every record read)", measured,
                "≥ 50 000 events/s", complete || capped ? rate >= RATE_TARGET && complete : Boolean.FALSE));
        section.figures.add(new Figure("B3", "rebuild / raw consumer rate", String.format("%.3f (raw %.0f events/s)",
                raw.rate() > 0 ? rate / raw.rate() : 0, raw.rate()), "≥ 0.3",
                raw.rate() > 0 && (complete || capped) ? rate / raw.rate() >= RAW_RATIO_TARGET : null));

        section.line("%d synthetic `TaskCreated` v2 envelopes (core-api's `EnvelopeCodec`, the publisher's headers, keyed "
                + "by 64 synthetic organizations) were produced to `%s` in %.1f s; with the events of the earlier "
                + "benchmarks the audit trail's topics (`Topics.ALL`) then held **%d records**. Paused first, resumed "
                + "afterwards: %s.", events, Topics.WORKFLOW_TASK_CREATED, produceSeconds, inTopics,
                paused.stream().map(Operator.ProcessorLag::key).toList());
        section.line("");
        section.line("- Raw: a plain `KafkaConsumer` (byte arrays, no decoding) read %d records from the beginning in "
                + "%.1f s: **%.0f records/s**.", raw.records(), raw.seconds(), raw.rate());
        section.line("- Rebuild: `POST /admin/projections/%s/rebuild?swap=manual`, progress polled every 0.5 s at `GET "
                + "/admin/projections/%s`. Rate = records the rebuild read (`processed`: its stored Kafka positions, "
                + "furthest segment) / time from the request to the first poll that saw every record read; then the "
                + "rebuild is cancelled (its shadow tables dropped). At the cap, records read so far / elapsed time. "
                + "State then **%s**, %d records read in %.1f s: **%.0f "
                + "events/s**%s; first seen READY (or later) after %s.", PROJECTION, PROJECTION, state, processed,
                seconds, rate, capped ? " (stopped at the cap `--replay-timeout` " + cap.toSeconds()
                        + " s and cancelled)" : "", Double.isNaN(readySeconds) ? "—" : String.format("%.1f s", readySeconds));
        if (status.hasNonNull("error")) {
            section.line("- Error reported by the rebuild: %s", status.path("error").asText());
        }
        section.line("- After B3 the resumed live consumers still have to work through the synthetic events; on a "
                + "platform the harness did not start, they stay in its topics and read models.");
        context.report().csv(section, "b3-rebuild.csv", "second,state,processed,target", rows);
        context.report().chart(section, "b3-rebuild.png", "B3: records read by the audit-trail rebuild", "records",
                Map.of("processed", progress.toArray(double[][]::new)));
    }
}
