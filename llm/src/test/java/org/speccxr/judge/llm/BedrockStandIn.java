package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.util.Json;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A stand-in for Amazon Bedrock's Converse API: {@code POST /model/{modelId}/converse} with a Converse JSON body
 * (messages, system, inferenceConfig, toolConfig or outputConfig), answered as Bedrock does: the forced tool's
 * {@code toolUse} block (stopReason tool_use) when the request carries a toolConfig, else a text block; errors in
 * Bedrock's REST-JSON form ({@code X-Amzn-ErrorType} header and a {@code message} body).
 */
final class BedrockStandIn extends HostStandIn {
    BedrockStandIn() throws IOException {
        super();
    }

    /** The endpoint to give as --base-url. */
    String endpoint() {
        return root();
    }

    /** The model id of a Converse request path. */
    static String modelId(String rawPath) {
        String p = rawPath.substring("/model/".length(), rawPath.length() - "/converse".length());
        return URLDecoder.decode(p, StandardCharsets.UTF_8);
    }

    @Override
    Response answer(String path, JsonNode request) {
        if (!path.startsWith("/model/") || !path.endsWith("/converse")) {
            return error(404, "UnknownOperationException", "no such operation: " + path);
        }
        return super.answer(path, request);
    }

    @Override
    String userText(JsonNode body) {
        JsonNode messages = body.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if (m.path("role").asText().equals("user")) {
                String t = m.path("content").path(0).path("text").asText();
                if (t.contains("<reference_report>")) {
                    return t;
                }
            }
        }
        return "";
    }

    @Override
    String envelope(JsonNode request, String json) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode message = root.putObject("output").putObject("message");
        message.put("role", "assistant");
        String tool = request.path("toolConfig").path("toolChoice").path("tool").path("name").asText(null);
        try {
            if (tool != null) {
                ObjectNode use = message.putArray("content").addObject().putObject("toolUse");
                use.put("toolUseId", "tooluse_1").put("name", tool).set("input", Json.MAPPER.readTree(json));
                root.put("stopReason", "tool_use");
            } else {
                message.putArray("content").addObject().put("text", json);
                root.put("stopReason", "end_turn");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // inputTokens leaves out what was read from the prompt cache
        root.putObject("usage").put("inputTokens", 200).put("cacheReadInputTokens", 1000).put("outputTokens", 80)
                .put("totalTokens", 1280);
        root.putObject("metrics").put("latencyMs", 5);
        return root.toString();
    }

    /** A Bedrock error: the exception's name in X-Amzn-ErrorType, the message in the body. */
    static Response error(int status, String type, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("message", message);
        return new Response(status, Map.of("X-Amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/"),
                body.toString());
    }

    /** A cut answer: the model stopped at maxTokens in the middle of its tool input. */
    static Response cut() {
        return new Response(200, Map.of(), "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":"
                + "\"{\\\"entities\\\":[{\\\"entity\\\":\"}]}},\"stopReason\":\"max_tokens\","
                + "\"usage\":{\"inputTokens\":1200,\"outputTokens\":16,\"totalTokens\":1216},\"metrics\":{\"latencyMs\":5}}");
    }
}
