package dev.balda.plugin.trustproxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * An IP address or CIDR range, IPv4 or IPv6, matched on bytes; IPv4-mapped IPv6 addresses
 * ({@code ::ffff:10.0.0.1}) count as their IPv4 address. Only literals are parsed, never looked up
 * in DNS, so a header value can never make the server resolve a name.
 */
final class AddressRange {
    private final byte[] network;
    private final int prefix;

    private AddressRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** {@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code ::1}, {@code 2001:db8::/32}. */
    static AddressRange parse(String range) {
        String text = range.trim();
        int slash = text.indexOf('/');
        byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("trusted: '" + range + "' is not an IP address or CIDR range"
                    + " (e.g. 10.0.0.0/8, 192.168.1.7, ::1, fd00::/8)");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("trusted: '" + range + "' has a prefix outside 0-" + bits);
            }
        }
        return new AddressRange(address, prefix);
    }

    boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    /**
     * The bytes of an IP literal (IPv4-mapped addresses as IPv4), or {@code null} when the text is
     * not one. Brackets and an IPv6 zone are allowed.
     */
    static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        // Only hex digits, colons and dots: InetAddress then parses a literal and never asks DNS.
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '.')) {
                return null;
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(s).getAddress();
            if (bytes.length == 16 && isMapped(bytes)) {
                return Arrays.copyOfRange(bytes, 12, 16);
            }
            return bytes;
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static boolean isMapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** An address as the request reports it: IPv4 dotted, IPv6 as Java formats it. */
    static String format(byte[] bytes, String original) {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return original;
        }
    }
}
