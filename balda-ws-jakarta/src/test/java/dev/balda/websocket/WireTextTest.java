package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The text arithmetic of sockets: UTF-8 sizes ({@link Utf8}) and close reasons ({@link CloseCodes}). */
class WireTextTest {

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void utf8LengthOfAscii() {
        assertThat(Utf8.length("")).isZero();
        assertThat(Utf8.length("hello")).isEqualTo(5);
        assertThat(Utf8.length("\u0000\u007F")).isEqualTo(2);
    }

    @Test
    void utf8LengthOfTwoByteCharacters() {
        assertThat(Utf8.length("é")).isEqualTo(2);
        assertThat(Utf8.length("\u0080\u07FF")).isEqualTo(4);
        assertThat(Utf8.length("día")).isEqualTo(4);
    }

    @Test
    void utf8LengthOfThreeByteCharacters() {
        assertThat(Utf8.length("€")).isEqualTo(3);
        assertThat(Utf8.length("\u0800\uFFFF")).isEqualTo(6);
        assertThat(Utf8.length("日本語")).isEqualTo(9);
    }

    @Test
    void utf8LengthOfSurrogatePairs() {
        assertThat(Utf8.length("😀")).isEqualTo(4);
        assertThat(Utf8.length("a😀b𝄞")).isEqualTo(10);
        assertThat(Utf8.length("\uD800\uDC00")).isEqualTo(4); // U+10000
        assertThat(Utf8.length("\uDBFF\uDFFF")).isEqualTo(4); // U+10FFFF
    }

    @Test
    void aLoneSurrogateCountsAsThreeBytes() {
        // Not encodable; counted as the three-byte unit it occupies, an upper bound of any replacement.
        assertThat(Utf8.length("\uD83D")).isEqualTo(3);
        assertThat(Utf8.length("\uDE00")).isEqualTo(3);
        assertThat(Utf8.length("a\uD83Db")).isEqualTo(5);
        assertThat(Utf8.length("\uDE00\uD83D")).as("a low then a high surrogate is no pair").isEqualTo(6);
        assertThat(Utf8.length("x\uD83D")).as("a high surrogate at the very end").isEqualTo(4);
    }

    @Test
    void utf8LengthMatchesTheEncoderForValidText() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int round = 0; round < 2_000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                int cp;
                do {
                    cp = switch (random.nextInt(4)) {
                        case 0 -> random.nextInt(0x80);
                        case 1 -> random.nextInt(0x80, 0x800);
                        case 2 -> random.nextInt(0x800, 0x10000);
                        default -> random.nextInt(0x10000, 0x110000);
                    };
                } while (cp >= 0xD800 && cp <= 0xDFFF);
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            assertThat(Utf8.length(s)).as("utf8Length of %s", s).isEqualTo(utf8(s));
        }
    }

    @Test
    void shortReasonsAreKept() {
        assertThat(CloseCodes.fitReason(null)).isEmpty();
        assertThat(CloseCodes.fitReason("")).isEmpty();
        assertThat(CloseCodes.fitReason("Idle timeout")).isEqualTo("Idle timeout");
        String exactly123 = "x".repeat(123);
        assertThat(CloseCodes.fitReason(exactly123)).isSameAs(exactly123);
        String multiByte123 = "é".repeat(61) + "a"; // 122 + 1 bytes
        assertThat(CloseCodes.fitReason(multiByte123)).isEqualTo(multiByte123);
    }

    @Test
    void longAsciiReasonsAreCutTo123Bytes() {
        String reason = "r".repeat(500);
        assertThat(CloseCodes.fitReason(reason)).isEqualTo("r".repeat(123));
        assertThat(CloseCodes.fitReason("y".repeat(124))).isEqualTo("y".repeat(123));
    }

    @Test
    void multiByteTextIsCutOnACharacterBoundary() {
        String twoByte = "é".repeat(100); // 200 bytes: 61 characters fit in 122
        assertThat(CloseCodes.fitReason(twoByte)).isEqualTo("é".repeat(61));

        String threeByte = "€".repeat(50); // 150 bytes: 41 characters fit in 123
        assertThat(CloseCodes.fitReason(threeByte)).isEqualTo("€".repeat(41));

        String mixed = "a" + "€".repeat(41) + "bcd"; // 1 + 123 + 3: the 41st euro sign no longer fits
        assertThat(CloseCodes.fitReason(mixed)).isEqualTo("a" + "€".repeat(40));
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        // 121 bytes of ASCII, then a 4-byte emoji that does not fit: the cut must not keep half of it.
        String reason = "a".repeat(121) + "😀" + "tail";
        String cut = CloseCodes.fitReason(reason);
        assertThat(cut).isEqualTo("a".repeat(121));
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).isFalse();

        String emoji = "😀".repeat(40); // 160 bytes: 30 emoji fit in 120
        assertThat(CloseCodes.fitReason(emoji)).isEqualTo("😀".repeat(30));
    }

    @Test
    void everyCutIsValidAndAsLongAsPossible() {
        String[] alphabet = {"a", "é", "€", "😀"};
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int round = 0; round < 2_000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(20, 120);
            for (int i = 0; i < n; i++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String reason = sb.toString();
            String cut = CloseCodes.fitReason(reason);
            assertThat(reason).startsWith(cut);
            assertThat(utf8(cut)).isLessThanOrEqualTo(123);
            if (!cut.isEmpty()) {
                assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 1))).as("split pair in %s", cut).isFalse();
            }
            if (cut.length() < reason.length()) {
                int next = reason.codePointAt(cut.length());
                assertThat(utf8(cut) + utf8(new String(Character.toChars(next))))
                        .as("the next character would not have fitted").isGreaterThan(123);
            }
        }
    }

    @Test
    void aVeryLongReasonIsCutQuickly() {
        // Linear work: a megabyte reason must not take a quadratic number of re-encodings.
        String huge = "€".repeat(1_000_000);
        assertThat(CloseCodes.fitReason(huge)).isEqualTo("€".repeat(41));
    }
}
