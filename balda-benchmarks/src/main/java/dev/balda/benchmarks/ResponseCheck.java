package dev.balda.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The check before measuring: the same request to the baseline and to Balda must get the same
 * bytes back (status line, every header but {@code Date}, body), and that answer must be the
 * scenario's 200 with the expected type and body, so two equally broken servers do not pass.
 */
final class ResponseCheck {
    private ResponseCheck() {
    }

    /**
     * The outcome; {@code problem} says what differed, {@code null} when all matched; {@code note}
     * names the headers the two servers may and do send differently (or is {@code null}).
     */
    record Outcome(String problem, String response, String note) {
        Outcome(String problem, String response) {
            this(problem, response, null);
        }

        boolean matched() {
            return problem == null;
        }
    }

    static Outcome compare(HttpScenario scenario, int baselinePort, int baldaPort) throws IOException {
        String baseline = normalised(fetch(scenario, baselinePort));
        String balda = normalised(fetch(scenario, baldaPort));
        String note = null;
        if (!scenario.sameHeaders()) {
            note = headerDifference(baseline, balda);
            baseline = essentials(baseline);
            balda = essentials(balda);
        }
        if (!baseline.equals(balda)) {
            return new Outcome("the answers differ:\n--- baseline\n" + shortened(baseline) + "\n--- balda\n"
                    + shortened(balda), balda);
        }
        String expectedBody = scenario.answer();
        String head = balda.substring(0, balda.indexOf("\r\n\r\n") + 2);
        String body = balda.substring(balda.indexOf("\r\n\r\n") + 4);
        if (!head.startsWith("HTTP/1.1 200 ")) {
            return new Outcome("both answered " + head.lines().findFirst().orElse("nothing") + ", not 200", balda);
        }
        String type = headerValue(head, "Content-Type");
        if (type == null || !squeezed(type).equals(squeezed(scenario.answerType()))) {
            return new Outcome("both answered with Content-Type " + type + ", expected " + scenario.answerType(), balda);
        }
        if (!body.equals(expectedBody)) {
            return new Outcome("both answered the body " + shortened(body) + ", expected " + shortened(expectedBody), balda);
        }
        return new Outcome(null, balda, note);
    }

    private static String headerValue(String head, String name) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static String squeezed(String type) {
        return type.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The status line, {@code Content-Type}, {@code Content-Length} and body: what a scenario
     * compares whose baseline is a container's servlet with its own validators and headers.
     */
    static String essentials(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            return answer;
        }
        String head = answer.substring(0, end);
        List<String> kept = new ArrayList<>();
        kept.add(head.split("\r\n", 2)[0]);
        for (String name : List.of("Content-Type", "Content-Length")) {
            String value = headerValue(head + "\r\n", name);
            kept.add(name + ": " + (value == null ? "(none)" : value.replace(" ", "").toLowerCase(Locale.ROOT)));
        }
        return String.join("\r\n", kept) + answer.substring(end);
    }

    /** The header names one answer has and the other does not, for the notes of a row. */
    static String headerDifference(String baseline, String balda) {
        List<String> onlyBaseline = headerNames(baseline);
        List<String> onlyBalda = headerNames(balda);
        List<String> common = new ArrayList<>(onlyBaseline);
        common.retainAll(onlyBalda);
        onlyBaseline.removeAll(common);
        onlyBalda.removeAll(common);
        return "headers only the baseline sends: " + (onlyBaseline.isEmpty() ? "none" : String.join(", ", onlyBaseline))
                + "; only Balda: " + (onlyBalda.isEmpty() ? "none" : String.join(", ", onlyBalda));
    }

    private static List<String> headerNames(String answer) {
        List<String> names = new ArrayList<>();
        int end = answer.indexOf("\r\n\r\n");
        String[] lines = answer.substring(0, end < 0 ? answer.length() : end).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                names.add(lines[i].substring(0, colon).toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static String shortened(String answer) {
        return answer.length() <= 2000 ? answer : answer.substring(0, 2000) + "... (" + answer.length() + " chars)";
    }

    /** One request on a fresh connection; the whole answer as ISO-8859-1 text. */
    static byte[] fetch(HttpScenario scenario, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(scenario.request("127.0.0.1:" + port));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toByteArray();
        }
    }

    /** The answer without its {@code Date} header; headers keep their order and spelling. */
    static String normalised(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return text;
        }
        List<String> kept = new ArrayList<>();
        for (String line : text.substring(0, end).split("\r\n")) {
            if (!line.regionMatches(true, 0, "Date:", 0, 5)) {
                kept.add(line);
            }
        }
        return String.join("\r\n", kept) + text.substring(end);
    }
}
