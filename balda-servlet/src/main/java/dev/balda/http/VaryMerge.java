package dev.balda.http;

import java.util.ArrayList;
import java.util.List;

/** The merge behind {@link Response#vary(String)}: one {@code Vary} value from all present and one more. */
final class VaryMerge {
    private VaryMerge() {
    }

    /**
     * The merged value, or {@code null} when nothing changes (the field is there already, or the
     * value is {@code *}).
     *
     * @param present every {@code Vary} value set so far (a handler may have added several lines)
     * @param field   one field name, or a comma-separated list of them
     */
    static String merge(List<String> present, String field) {
        List<String> names = new ArrayList<>();
        for (String value : present) {
            split(value, names);
        }
        int before = names.size();
        boolean star = names.contains("*");
        List<String> added = new ArrayList<>();
        split(field, added);
        for (String name : added) {
            if (name.equals("*")) {
                star = true;
            } else if (names.stream().noneMatch(name::equalsIgnoreCase)) {
                names.add(name);
            }
        }
        if (star) {
            return present.size() == 1 && present.get(0).trim().equals("*") ? null : "*";
        }
        if (names.size() == before && present.size() <= 1) {
            return null;
        }
        return String.join(", ", names);
    }

    private static void split(String value, List<String> into) {
        for (String part : value.split(",")) {
            String name = part.trim();
            if (!name.isEmpty() && into.stream().noneMatch(name::equalsIgnoreCase)) {
                into.add(name);
            }
        }
    }
}
