// Package siputil holds the bridge's pure SIP helpers: number and URI
// normalisation, REFER targets, sipfrag bodies, digest challenges. No I/O, so
// every rule here has a table test.
package siputil

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/emiago/sipgo/sip"
)

// NormalizeUser turns the user part of a SIP URI into what LiveKit matches
// trunks and rules on: percent-decoded, without user parameters
// (";phone-context=…", ";isub=…"), and, when it is a phone number, without the
// visual separators RFC 3966 allows ("+1 (555) 010-0199" → "+15550100199").
// A name like "agent" is returned as it came.
func NormalizeUser(user string) string {
	if u, err := url.PathUnescape(user); err == nil {
		user = u
	}
	user, _, _ = strings.Cut(user, ";")
	user = strings.TrimSpace(user)
	if !looksLikeNumber(user) {
		return user
	}
	var b strings.Builder
	for i, r := range user {
		switch {
		case r >= '0' && r <= '9', r == '*', r == '#':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// looksLikeNumber: digits (at least two) with optional leading + and visual
// separators, nothing else.
func looksLikeNumber(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '*' || r == '#':
		case r == '+' && i == 0:
		case r == '-' || r == '.' || r == '(' || r == ')' || r == ' ':
		default:
			return false
		}
	}
	return digits >= 2
}

// ReferTarget builds the Refer-To URI for a transfer. LiveKit hands the bridge
// "<sip:…>", "sip:…", "sips:…" or "tel:…". A tel: URI becomes
// sip:NUMBER@HOST;user=phone (RFC 3261 §19.1.6) with HOST the far end of the
// call, so the caller's own proxy routes the number it knows; a REFER with a
// bare tel: is refused by many user agents.
func ReferTarget(transferTo string, farHost string, farPort int) (sip.Uri, error) {
	s := strings.TrimSpace(transferTo)
	if strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok {
		return sip.Uri{}, fmt.Errorf("transfer target %q has no scheme (want sip:, sips: or tel:)", transferTo)
	}
	switch strings.ToLower(scheme) {
	case "sip", "sips":
		var u sip.Uri
		if err := sip.ParseUri(s, &u); err != nil {
			return sip.Uri{}, fmt.Errorf("transfer target %q: %w", transferTo, err)
		}
		if u.Host == "" {
			return sip.Uri{}, fmt.Errorf("transfer target %q has no host", transferTo)
		}
		return u, nil
	case "tel":
		number, params, _ := strings.Cut(rest, ";")
		number = NormalizeUser(number)
		if !looksLikeNumber(number) {
			return sip.Uri{}, fmt.Errorf("transfer target %q is not a phone number", transferTo)
		}
		if farHost == "" {
			return sip.Uri{}, fmt.Errorf("transfer target %q: no host to send the number to", transferTo)
		}
		u := sip.Uri{Scheme: "sip", User: number, Host: farHost, Port: farPort, UriParams: sip.NewParams(), Headers: sip.NewParams()}
		// phone-context and other tel parameters travel as user parameters would; keep just the ones SIP routers read.
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(p, "=")
			if strings.EqualFold(k, "phone-context") && v != "" {
				u.User += ";phone-context=" + v
			}
		}
		u.UriParams.Add("user", "phone")
		return u, nil
	default:
		return sip.Uri{}, fmt.Errorf("transfer target %q: scheme %q not supported (want sip:, sips: or tel:)", transferTo, scheme)
	}
}

// HostPort splits "host[:port]" as found in Via/Contact/trunk addresses; a
// missing port is 0 (the caller's default applies).
func HostPort(addr string) (string, int, error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return "", 0, fmt.Errorf("empty address")
	}
	if h, p, err := net.SplitHostPort(addr); err == nil {
		port, err := strconv.Atoi(p)
		if err != nil || port <= 0 || port > 65535 {
			return "", 0, fmt.Errorf("address %q has an invalid port", addr)
		}
		return h, port, nil
	}
	if strings.ContainsAny(addr, ";=@<> ") {
		return "", 0, fmt.Errorf("address %q must be host or host:port", addr)
	}
	return strings.Trim(addr, "[]"), 0, nil
}
