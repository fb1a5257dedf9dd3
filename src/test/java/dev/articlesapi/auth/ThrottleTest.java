package dev.articlesapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    @Test
    void ipv4AddressesCountAloneAndIpv6AddressesByTheirSlash64() throws UnknownHostException {
        assertThat(Throttle.clientKey(InetAddress.getByName("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(Throttle.clientKey(InetAddress.getByName("2001:db8:aa:bb:1:2:3:4"))).isEqualTo("2001:db8:aa:bb::/64")
            .isEqualTo(Throttle.clientKey(InetAddress.getByName("2001:db8:aa:bb:ffff::1")));
        assertThat(Throttle.clientKey(InetAddress.getByName("2001:db8:aa:bc::1"))).isEqualTo("2001:db8:aa:bc::/64");
    }

}
