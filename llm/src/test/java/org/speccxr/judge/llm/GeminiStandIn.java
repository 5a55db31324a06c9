package org.speccxr.judge.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.speccxr.util.Json;

import java.io.IOException;
import java.util.Map;

/**
 * A stand-in for Gemini's {@code generateContent}, as the Gemini API serves it
 * ({@code POST /v1beta/models/MODEL:generateContent}, key in {@code x-goog-api-key}) and as Vertex AI does
 * ({@code POST /v1beta1/projects/P/locations/L/publishers/google/models/MODEL:generateContent}, bearer token):
 * candidates with the JSON answer as text, usageMetadata, and errors as Google APIs write them
 * ({@code {"error": {"code", "message", "status"}}}).
 */
final class GeminiStandIn extends HostStandIn {
    GeminiStandIn() throws IOException {
        super();
    }

    /** The endpoint to give as --base-url. */
    String endpoint() {
        return root();
    }

    @Override
    Response answer(String path, JsonNode request) {
        if (!path.endsWith(":generateContent")) {
            return error(404, "NOT_FOUND", "no such method: " + path);
        }
        return super.answer(path, request);
    }

    @Override
    String userText(JsonNode body) {
        JsonNode contents = body.path("contents");
        for (int i = contents.size() - 1; i >= 0; i--) {
            JsonNode c = contents.get(i);
            String t = c.path("parts").path(0).path("text").asText();
            if (c.path("role").asText("user").equals("user") && t.contains("<reference_report>")) {
                return t;
            }
        }
        return "";
    }

    @Override
    String envelope(JsonNode request, String json) {
        return envelope(json, "STOP");
    }

    static String envelope(String text, String finishReason) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode cand = root.putArray("candidates").addObject();
        ObjectNode content = cand.putObject("content");
        content.put("role", "model");
        content.putArray("parts").addObject().put("text", text);
        cand.put("finishReason", finishReason);
        cand.put("index", 0);
        // promptTokenCount includes the cached tokens
        root.putObject("usageMetadata").put("promptTokenCount", 1300).put("cachedContentTokenCount", 1024)
                .put("candidatesTokenCount", 90).put("totalTokenCount", 1390);
        root.put("modelVersion", "gemini-stand-in");
        return root.toString();
    }

    static Response error(int status, String grpcStatus, String message) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("error").put("code", status).put("message", message).put("status", grpcStatus);
        return new Response(status, Map.of(), body.toString());
    }

    /** An answer cut at maxOutputTokens. */
    static Response cut() {
        return new Response(200, Map.of(), envelope("{\"entities\":[{\"entity\":", "MAX_TOKENS"));
    }
}
