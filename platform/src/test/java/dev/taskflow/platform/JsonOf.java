package dev.taskflow.platform;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * JSON bodies shaped like an endpoint's own, with the fuzzer choosing each value's type and content: these get
 * past the parser into binding, validation and the handlers, where raw bytes mostly stop at the parser.
 */
final class JsonOf {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonOf() {
    }

    /** An object with some of {@code fields} (a known good value now and then), maybe extra ones. */
    static String fields(List<String> fields, FuzzedDataProvider data, Map<String, String> goodValues) {
        ObjectNode body = NODES.objectNode();
        for (String field : fields) {
            if (data.consumeBoolean()) {
                String good = goodValues.get(field);
                body.set(field, good != null && data.consumeBoolean() ? NODES.textNode(good) : value(data, 0));
            }
        }
        if (data.consumeBoolean()) {
            body.set(data.consumeString(20), value(data, 0));
        }
        return body.toString();
    }

    private static JsonNode value(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth > 4 ? 5 : 7);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(data.consumeBoolean());
            case 2 -> NODES.numberNode(data.consumeLong());
            case 3 -> NODES.numberNode(data.consumeDouble());
            case 4 -> NODES.numberNode(new BigDecimal(data.consumeLong()).scaleByPowerOfTen(data.consumeInt(-400, 400)));
            case 5 -> NODES.textNode(data.consumeString(data.consumeInt(0, 5000)));
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = data.consumeInt(0, 4); i > 0; i--) {
                    array.add(value(data, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = data.consumeInt(0, 4); i > 0; i--) {
                    object.set(data.consumeString(10), value(data, depth + 1));
                }
                yield object;
            }
        };
    }
}
