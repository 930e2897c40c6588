package dev.balda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiringMapTest {
    private final ExpiringMap<String, Integer> map = new ExpiringMap<>(3);

    @Test
    void anEntryLivesUntilItsExpiry() {
        map.put("a", 1, 100);
        assertThat(map.get("a", 99)).isEqualTo(1);
        assertThat(map.expiresAt("a", 99)).isEqualTo(100);
        assertThat(map.get("a", 100)).isNull();
        assertThat(map.size()).as("an expired entry that was asked for is gone").isZero();
    }

    @Test
    void theLeastRecentlyUsedEntryIsEvictedWhenFull() {
        map.put("a", 1, 1_000);
        map.put("b", 2, 1_000);
        map.put("c", 3, 1_000);
        map.get("a", 0);
        map.put("d", 4, 1_000);
        assertThat(map.size()).isEqualTo(3);
        assertThat(map.get("b", 0)).isNull();
        assertThat(map.get("a", 0)).isEqualTo(1);
        assertThat(map.get("d", 0)).isEqualTo(4);
    }

    @Test
    void computeCountsWithinAWindowThatKeepsItsExpiry() {
        assertThat(map.compute("ip", 0, 60, true, (k, v) -> v == null ? 1 : v + 1)).isEqualTo(1);
        assertThat(map.compute("ip", 30, 60, true, (k, v) -> v == null ? 1 : v + 1)).isEqualTo(2);
        assertThat(map.expiresAt("ip", 30)).isEqualTo(60);
        assertThat(map.compute("ip", 60, 60, true, (k, v) -> v == null ? 1 : v + 1)).as("a new window").isEqualTo(1);
        assertThat(map.expiresAt("ip", 60)).isEqualTo(120);
        assertThat(map.compute("ip", 61, 60, false, (k, v) -> null)).isNull();
        assertThat(map.size()).isZero();
    }

    @Test
    void computeWithoutKeepingExpiryExtendsTheEntry() {
        map.compute("s", 0, 50, false, (k, v) -> 1);
        map.compute("s", 40, 50, false, (k, v) -> v);
        assertThat(map.expiresAt("s", 40)).isEqualTo(90);
    }

    @Test
    void sweepRemovesOnlyExpiredEntries() {
        map.put("old", 1, 10);
        map.put("new", 2, 100);
        assertThat(map.sweep(50)).isEqualTo(1);
        assertThat(map.size()).isEqualTo(1);
        assertThat(map.remove("new")).isEqualTo(2);
    }

    @Test
    void nanoTimeWrapsAroundSafely() {
        long near = Long.MAX_VALUE - 5;
        map.put("w", 1, near + 10); // overflows to a negative number
        assertThat(map.get("w", near)).isEqualTo(1);
        assertThat(map.get("w", near + 10)).isNull();
    }

    @Test
    void aNonPositiveBoundIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExpiringMap<>(0)).withMessageContaining("maxEntries");
    }
    @Test
    void aWeightBoundEvictsTheLeastRecentlyUsedUntilTheTotalFits() {
        List<String> removed = new ArrayList<>();
        ExpiringMap<String, String> weighed = new ExpiringMap<>(100, 10, String::length, (k, v) -> removed.add(k));
        weighed.put("a", "xxxx", 1_000);
        weighed.put("b", "xxxx", 1_000);
        weighed.get("a", 0);
        weighed.put("c", "xxxx", 1_000);

        assertThat(weighed.get("b", 0)).isNull();
        assertThat(weighed.get("a", 0)).isNotNull();
        assertThat(weighed.weight()).isEqualTo(8);
        assertThat(removed).containsExactly("b");
    }

    @Test
    void theRemovalListenerHearsOfExpiryReplacementAndSweepsButNotOfRemove() {
        List<String> removed = new ArrayList<>();
        ExpiringMap<String, Integer> listened = new ExpiringMap<>(10, 100, v -> v, (k, v) -> removed.add(k + "=" + v));
        listened.put("replaced", 1, 100);
        listened.put("replaced", 2, 100);
        listened.put("expired", 3, 10);
        listened.get("expired", 10);
        listened.put("swept", 4, 10);
        listened.sweep(20);
        listened.put("removed", 5, 100);
        listened.remove("removed");
        listened.compute("computed", 0, 10, false, (k, v) -> 6);
        listened.compute("computed", 5, 10, false, (k, v) -> null);

        assertThat(removed).containsExactly("replaced=1", "expired=3", "swept=4", "computed=6");
        assertThat(listened.weight()).isEqualTo(2);
    }
}
