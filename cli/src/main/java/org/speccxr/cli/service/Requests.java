package org.speccxr.cli.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.speccxr.entity.EntitySet;
import org.speccxr.judge.ReportPair;
import org.speccxr.util.InputException;
import org.speccxr.util.Json;
import org.speccxr.verdict.VerdictNormalizer;
import org.speccxr.verdict.VerdictRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and checks request bodies. Every problem is an {@link InputException} whose one line names the element and
 * field ({@code pairs[3]: missing field 'id'}), worded as the command line words the same problem in a file.
 */
final class Requests {
    private Requests() {
    }

    /** A report to label: its id (the index when the request gave bare texts) and its text. */
    record Report(String id, String text) {
    }

    static JsonNode parse(byte[] body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new InputException("the request body is empty; send a JSON object");
            }
            if (!n.isObject()) {
                throw new InputException("the request body must be a JSON object, not a JSON " + type(n));
            }
            return n;
        } catch (JsonProcessingException e) {
            // Jackson names the opening bracket with a redacted source; say only where it was
            String m = oneLine(e.getOriginalMessage()).replaceAll("\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)",
                    "(opened at line $1, column $2)");
            throw new InputException("the request body is not valid JSON (" + m + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw new InputException("the request body cannot be read (" + oneLine(e.getMessage()) + ")");
        }
    }

    /** The array field {@code name} of the body, checked against the per-request limit. */
    static JsonNode array(JsonNode body, String name, int max, String what) {
        JsonNode a = body.get(name);
        if (a == null) {
            throw new InputException("missing field '" + name + "' (a list of " + what + ")");
        }
        if (!a.isArray()) {
            throw new InputException("field '" + name + "' must be a list of " + what + ", not a JSON " + type(a));
        }
        if (a.isEmpty()) {
            throw new InputException("field '" + name + "' is an empty list; send at least one");
        }
        if (a.size() > max) {
            throw new InputException("field '" + name + "' holds " + a.size() + " " + what + "; at most " + max
                    + " per request (the service's --max-pairs): split the batch");
        }
        return a;
    }

    static boolean flag(JsonNode body, String name, boolean dflt) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new InputException("field '" + name + "' must be true or false, not a JSON " + type(v));
        }
        return v.booleanValue();
    }

    static String optionalText(JsonNode body, String name, String where) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InputException(where + "field '" + name + "' must be a string, not a JSON " + type(v));
        }
        return v.asText();
    }

    static List<ReportPair> pairs(JsonNode body, int max) {
        String defaultModel = optionalText(body, "model", "");
        JsonNode a = array(body, "pairs", max, "pairs");
        List<ReportPair> out = new ArrayList<>(a.size());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            String where = "pairs[" + i + "]: ";
            JsonNode p = a.get(i);
            if (!p.isObject()) {
                throw new InputException(where + "expected an object {\"id\", \"reference\", \"candidate\"}, not a JSON " + type(p));
            }
            String id = id(p, "id", where);
            String model = optionalText(p, "model", where);
            ReportPair pair = new ReportPair(id, model != null ? model.strip() : defaultModel, text(p, "reference", where),
                    text(p, "candidate", where));
            if (!keys.add(pair.model() + "\u0000" + pair.id())) {
                throw new InputException(where + "duplicate pair id '" + id + "' for model '" + pair.model()
                        + "' (id + model must be unique)");
            }
            out.add(pair);
        }
        return out;
    }

    static List<Report> reports(JsonNode body, int max) {
        JsonNode a = array(body, "reports", max, "reports");
        List<Report> out = new ArrayList<>(a.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            String where = "reports[" + i + "]: ";
            JsonNode r = a.get(i);
            Report rep;
            if (r.isTextual()) {
                rep = new Report(Integer.toString(i), r.asText());
            } else if (r.isObject()) {
                rep = new Report(id(r, "id", where), text(r, r.has("report") || !r.has("text") ? "report" : "text", where));
            } else {
                throw new InputException(where + "expected a report text or an object {\"id\", \"report\"}, not a JSON " + type(r));
            }
            if (!ids.add(rep.id())) {
                throw new InputException(where + "id '" + rep.id() + "' appears twice (ids must be unique)");
            }
            out.add(rep);
        }
        return out;
    }

    /** Verdict records, normalised against the set as the readers of evaluations.jsonl normalise them. */
    static List<VerdictRecord> records(JsonNode body, int max, EntitySet set) {
        JsonNode a = array(body, "records", max, "verdict records");
        List<VerdictRecord> out = new ArrayList<>(a.size());
        Set<String> keys = new HashSet<>();
        long entries = 0, unknown = 0;
        for (int i = 0; i < a.size(); i++) {
            String where = "records[" + i + "]: ";
            JsonNode n = a.get(i);
            if (!n.isObject()) {
                throw new InputException(where + "not a verdict record (expected a JSON object, not a JSON " + type(n) + ")");
            }
            VerdictRecord r;
            try {
                r = Json.MAPPER.treeToValue(n, VerdictRecord.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                throw new InputException(where + "not a verdict record (" + oneLine(m) + ")");
            }
            if (r.id() == null || r.id().isBlank()) {
                throw new InputException(where + "record has no id");
            }
            if (r.run() < 0) {
                throw new InputException(where + "run must be 1 or more (got " + r.run() + ")");
            }
            for (var v : r.entities()) {
                if (v == null) {
                    throw new InputException(where + "not a verdict record (an entity entry is null)");
                }
                entries++;
                if (!set.contains(v.entity())) {
                    unknown++;
                }
            }
            String model = r.model() == null || r.model().isBlank() ? ReportPair.DEFAULT_MODEL : r.model();
            int run = r.run() == 0 ? 1 : r.run();
            if (!keys.add(model + "\u0000" + r.id() + "\u0000" + run)) {
                throw new InputException(where + "a second record for id '" + r.id() + "', model '" + model + "', run " + run
                        + " (id + model + run must be unique)");
            }
            out.add(VerdictNormalizer.toRecord(r.id(), model, run, r.judge(), r.entities(), r.warnings(), set));
        }
        if (entries > 0 && unknown == entries) {
            throw new InputException("no verdict entry names an entity of the set " + set.source()
                    + "; were the records judged with another set?");
        }
        return out;
    }

    private static String id(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null) {
            throw new InputException(where + "missing field '" + field + "' (every " + (where.startsWith("pairs") ? "pair" : "report")
                    + " needs an id)");
        }
        if (!v.isTextual() && !v.isIntegralNumber()) {
            throw new InputException(where + "field '" + field + "' is a JSON " + type(v) + ", not a string or an integer");
        }
        String id = v.asText().strip();
        if (id.isEmpty()) {
            throw new InputException(where + "empty id (every pair needs an id)");
        }
        return id;
    }

    private static String text(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null) {
            throw new InputException(where + "missing field '" + field + "'");
        }
        if (!v.isTextual()) {
            throw new InputException(where + "field '" + field + "' is a JSON " + type(v) + ", not a string (send \"\" for an empty report)");
        }
        return v.asText();
    }

    static String type(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        return n.isTextual() ? "string" : n.isNumber() ? "number" : n.isBoolean() ? "boolean" : n.isArray() ? "list"
                : n.isObject() ? "object" : n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    static String oneLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        s = s.replace('\r', ' ');
        int i = s.indexOf('\n');
        return (i < 0 ? s : s.substring(0, i)).strip();
    }
}
