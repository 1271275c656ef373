package jobs

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// AllowList names the webhook destinations an operator allows although they
// are inside (KINMUCHI_WEBHOOK_ALLOW): an on-premises chat server in LGWAN,
// or a test receiver on loopback. It is an operator's setting, never a
// municipality administrator's, because it opens the inside to whoever may
// set a webhook URL.
type AllowList struct {
	// Hosts are host names (lower case) whose addresses are all allowed.
	Hosts []string
	// Nets are address ranges allowed whatever the host name.
	Nets []netip.Prefix
}

func (a AllowList) host(h string) bool {
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	for _, x := range a.Hosts {
		if x == h {
			return true
		}
	}
	return false
}

func (a AllowList) addr(ip netip.Addr) bool {
	for _, n := range a.Nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// insideNets are the ranges a webhook may not reach: they lead to this
// machine, the municipality's own network or the cloud's metadata service.
var insideNets = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",         // "this network"
		"10.0.0.0/8",        // private
		"100.64.0.0/10",     // carrier-grade NAT (also Alibaba's metadata 100.100.100.200)
		"127.0.0.0/8",       // loopback
		"169.254.0.0/16",    // link-local, with the metadata address 169.254.169.254
		"172.16.0.0/12",     // private
		"192.0.0.0/24",      // IETF protocol assignments (Oracle's metadata 192.0.0.192)
		"192.168.0.0/16",    // private
		"198.18.0.0/15",     // benchmarking
		"224.0.0.0/4",       // multicast
		"240.0.0.0/4",       // reserved, and broadcast
		"::/128", "::1/128", // unspecified, loopback
		"64:ff9b:1::/48", // local-use NAT64
		"fc00::/7",       // unique-local (with AWS's metadata fd00:ec2::254)
		"fe80::/10",      // link-local
		"ff00::/8",       // multicast
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96") // NAT64: the last 32 bits are an IPv4 address
	sixToFour = netip.MustParsePrefix("2002::/16")    // 6to4: bits 16–47 are an IPv4 address
)

// insideKind names why ip is inside, or "" when it is a public address.
// IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by
// that address, since a gateway would deliver them there.
func insideKind(ip netip.Addr) string {
	ip = ip.Unmap() // ::ffff:127.0.0.1 is 127.0.0.1
	if ip.Is6() && (nat64.Contains(ip) || sixToFour.Contains(ip)) {
		b := ip.As16()
		v4 := netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
		if sixToFour.Contains(ip) {
			v4 = netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})
		}
		if kind := insideKind(v4); kind != "" {
			return kind
		}
	}
	switch {
	case ip.IsLoopback():
		return "loopback"
	case ip == netip.MustParseAddr("169.254.169.254"), ip == netip.MustParseAddr("fd00:ec2::254"), ip == netip.MustParseAddr("100.100.100.200"):
		return "cloud metadata"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.Is6() && netip.MustParsePrefix("fc00::/7").Contains(ip):
		return "unique-local"
	case ip.IsPrivate():
		return "private"
	}
	for _, n := range insideNets {
		if n.Contains(ip) {
			return "reserved"
		}
	}
	return ""
}

// ErrInsideAddress is the failure of a webhook whose host resolves to an
// address inside.
var ErrInsideAddress = errors.New("webhook address not allowed")

// guardedDialer dials only public addresses, or allowed ones. The check runs
// in the dialer's Control function, on the address actually being connected
// to after resolution, so a name that resolves differently a second time
// (DNS rebinding) or a redirect to another host is checked again.
func guardedDialer(allow AllowList) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		named := allow.host(host)
		d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second,
			Control: func(_, address string, _ syscall.RawConn) error {
				if named {
					return nil
				}
				ap, err := netip.ParseAddrPort(address)
				if err != nil {
					return fmt.Errorf("%w: unreadable address", ErrInsideAddress)
				}
				ip := ap.Addr().Unmap()
				if kind := insideKind(ip); kind != "" && !allow.addr(ip) {
					return fmt.Errorf("%w: %s resolves to %s, a %s address (allow it with KINMUCHI_WEBHOOK_ALLOW)", ErrInsideAddress, host, ip, kind)
				}
				return nil
			}}
		return d.DialContext(ctx, network, addr)
	}
}

// maxWebhookRedirects bounds the redirects a delivery follows.
const maxWebhookRedirects = 3

// ProxyFunc chooses the proxy of a request, as http.Transport.Proxy does.
type ProxyFunc func(*http.Request) (*url.URL, error)

// guardedClient is the HTTP client of webhook deliveries: every connection,
// including those of redirects, goes through the guarded dialer; a proxy
// (proxy, e.g. http.ProxyFromEnvironment: LGWAN sites often reach the
// internet only through one) is used under guardedProxy's check; redirects
// stay on https.
func guardedClient(allow AllowList, proxy ProxyFunc) *http.Client {
	tr := &http.Transport{
		Proxy:                 guardedProxy(allow, proxy),
		DialContext:           guardedDialer(allow),
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          10,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 15 * time.Second,
	}
	return &http.Client{Transport: tr, Timeout: 15 * time.Second, CheckRedirect: checkRedirect}
}

// guardedProxy checks a request that goes through a proxy. The connection
// this process dials is then the proxy's, which the guarded dialer checks
// (the operator allows the proxy, usually inside, in KINMUCHI_WEBHOOK_ALLOW),
// while the proxy connects to the webhook's host itself. So the host is
// resolved here, for every request and redirect, and refused if any of its
// addresses is inside. The proxy resolves the name again: a name that
// changes its answer in between (DNS rebinding) is the gap left, which only
// an egress rule on the proxy closes.
func guardedProxy(allow AllowList, proxy ProxyFunc) ProxyFunc {
	if proxy == nil {
		return nil
	}
	return func(req *http.Request) (*url.URL, error) {
		u, err := proxy(req)
		if err != nil || u == nil {
			return u, err
		}
		host := req.URL.Hostname()
		if allow.host(host) {
			return u, nil
		}
		addrs, err := net.DefaultResolver.LookupNetIP(req.Context(), "ip", host)
		if err != nil {
			return nil, fmt.Errorf("resolve %s: %w", host, err)
		}
		for _, a := range addrs {
			a = a.Unmap()
			if kind := insideKind(a); kind != "" && !allow.addr(a) {
				return nil, fmt.Errorf("%w: %s resolves to %s, a %s address (allow it with KINMUCHI_WEBHOOK_ALLOW)", ErrInsideAddress, host, a, kind)
			}
		}
		return u, nil
	}
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxWebhookRedirects {
		return errors.New("too many redirects")
	}
	if req.URL.Scheme != "https" {
		return errors.New("redirect away from https refused")
	}
	return nil
}
