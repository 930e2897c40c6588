package dev.balda.plugin.trustproxy;

import static dev.balda.Exchanges.json;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balda.Balda;
import dev.balda.internal.MemoryExchange;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustProxyPluginTest {

    private static JsonNode who(TrustProxyPlugin plugin, String peer, String... headers) {
        Balda app = Balda.create();
        app.use(plugin);
        app.get("/", (req, res) -> new java.util.TreeMap<>(Map.of("ip", req.ip(), "scheme", req.scheme(), "host", req.host())));
        MemoryExchange.Builder b = MemoryExchange.request("GET", "/").remoteAddress(peer).header("Host", "internal:8080");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return json(run(app, b));
    }

    @Test
    void rangesMatchIpv4Ipv6AndMappedAddresses() {
        assertThat(AddressRange.parse("10.0.0.0/8").contains(AddressRange.literal("10.200.1.1"))).isTrue();
        assertThat(AddressRange.parse("10.0.0.0/8").contains(AddressRange.literal("11.0.0.1"))).isFalse();
        assertThat(AddressRange.parse("192.168.1.0/25").contains(AddressRange.literal("192.168.1.127"))).isTrue();
        assertThat(AddressRange.parse("192.168.1.0/25").contains(AddressRange.literal("192.168.1.128"))).isFalse();
        assertThat(AddressRange.parse("fd00::/8").contains(AddressRange.literal("fd12:3456::1"))).isTrue();
        assertThat(AddressRange.parse("::1").contains(AddressRange.literal("[::1]"))).isTrue();
        assertThat(AddressRange.parse("10.0.0.1").contains(AddressRange.literal("::ffff:10.0.0.1"))).isTrue();
        assertThat(AddressRange.literal("example.com")).as("names are never resolved").isNull();
        assertThat(AddressRange.literal("1.2.3.256")).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("10.0.0.0/33"));
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("proxy.local"));
    }

    @Test
    void aTrustedPeerSetsAddressSchemeAndHost() {
        JsonNode r = who(TrustProxyPlugin.builder().trusted("10.0.0.0/8").build(), "10.0.0.5",
                "X-Forwarded-For", "1.1.1.1, 203.0.113.5", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "shop.example");
        assertThat(r.toString()).isEqualTo("{\"host\":\"shop.example\",\"ip\":\"203.0.113.5\",\"scheme\":\"https\"}");
    }

    @Test
    void anUntrustedPeerIsIgnored() {
        JsonNode r = who(TrustProxyPlugin.builder().trusted("10.0.0.0/8").build(), "192.0.2.1",
                "X-Forwarded-For", "203.0.113.5", "X-Forwarded-Proto", "https");
        assertThat(r.toString()).isEqualTo("{\"host\":\"internal:8080\",\"ip\":\"192.0.2.1\",\"scheme\":\"http\"}");
    }

    @Test
    void hopsAndTheForwardedHeader() {
        TrustProxyPlugin two = TrustProxyPlugin.builder().trusted("10.0.0.0/8").hops(2).build();
        assertThat(who(two, "10.0.0.1", "X-Forwarded-For", "203.0.113.5, 10.0.0.9").get("ip").asText())
                .isEqualTo("203.0.113.5");
        assertThat(who(two, "10.0.0.1", "X-Forwarded-For", "6.6.6.6, 203.0.113.5, 10.0.0.9").get("ip").asText())
                .isEqualTo("203.0.113.5");
        JsonNode forwarded = who(two, "10.0.0.1", "Forwarded",
                "for=198.51.100.7;proto=https;host=a.example, for=\"10.0.0.9:80\";proto=http");
        assertThat(forwarded.toString()).isEqualTo("{\"host\":\"a.example\",\"ip\":\"198.51.100.7\",\"scheme\":\"https\"}");
        JsonNode unknown = who(two, "10.0.0.1", "Forwarded", "for=unknown");
        assertThat(unknown.get("ip").asText()).isEqualTo("10.0.0.1");
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> TrustProxyPlugin.builder().build())
                .withMessageStartingWith("trusted");
        assertThatIllegalArgumentException().isThrownBy(() -> TrustProxyPlugin.builder().trusted("::1").hops(0).build())
                .withMessageStartingWith("hops");
    }
}
