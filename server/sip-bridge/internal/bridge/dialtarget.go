package bridge

import (
	"errors"
	"fmt"
	"strings"

	"github.com/emiago/sipgo/sip"
	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/rpc"

	"voiceagent/sipbridge/internal/siputil"
)

// dialTarget is where and as whom an outbound call is placed.
type dialTarget struct {
	uri       sip.Uri // Request-URI
	from      sip.Uri
	fromName  string
	to        sip.Uri
	toName    string
	transport string // "udp" or "tcp"
}

// buildDialTarget reads CreateSIPParticipant's destination the way
// livekit-sip does: the explicit SIP URIs when the server sent them
// (sip_request_uri / sip_from_header / sip_to_header), else the outbound
// trunk's fields: call_to @ address, from number @ hostname (or our own).
func buildDialTarget(req *rpc.InternalCreateSIPParticipantRequest, ownHost string) (dialTarget, error) {
	var t dialTarget
	switch req.GetTransport() {
	case livekit.SIPTransport_SIP_TRANSPORT_AUTO, livekit.SIPTransport_SIP_TRANSPORT_UDP:
		t.transport = "udp"
	case livekit.SIPTransport_SIP_TRANSPORT_TCP:
		t.transport = "tcp"
	default:
		return t, fmt.Errorf("transport %s is not supported (udp or tcp)", req.GetTransport())
	}

	var err error
	if d := req.GetSipRequestUri(); d != nil {
		t.uri, err = destURI(d.GetRaw(), d.GetValues())
	} else {
		t.uri, err = legacyURI(req.GetCallTo(), req.GetAddress())
	}
	if err != nil {
		return t, fmt.Errorf("request URI: %w", err)
	}
	if tr, ok := t.uri.UriParams.Get("transport"); ok && tr != "" {
		if tr = strings.ToLower(tr); tr != "udp" && tr != "tcp" {
			return t, fmt.Errorf("request URI transport %q is not supported (udp or tcp)", tr)
		}
		t.transport = tr
	}

	if d := req.GetSipToHeader(); d != nil {
		if t.to, err = destURI(d.GetRaw(), d.GetValues()); err != nil {
			return t, fmt.Errorf("To header: %w", err)
		}
		t.toName = d.GetDisplayName()
	} else {
		t.to = sip.Uri{Scheme: t.uri.Scheme, User: t.uri.User, Host: t.uri.Host, Port: t.uri.Port}
	}
	if u := req.GetToUserOverride(); u != "" {
		t.to.User = siputil.NormalizeUser(u)
	}

	if d := req.GetSipFromHeader(); d != nil {
		if t.from, err = destURI(d.GetRaw(), d.GetValues()); err != nil {
			return t, fmt.Errorf("From header: %w", err)
		}
		t.fromName = d.GetDisplayName()
	} else {
		number := siputil.NormalizeUser(req.GetNumber())
		if number == "" {
			return t, errors.New("no caller number to send as From (the outbound trunk has none)")
		}
		host := req.GetHostname()
		if host == "" {
			host = ownHost
		}
		t.from = sip.Uri{Scheme: "sip", User: number, Host: host}
	}
	for _, u := range []*sip.Uri{&t.uri, &t.from, &t.to} {
		if u.UriParams == nil {
			u.UriParams = sip.NewParams()
		}
		if u.Headers == nil {
			u.Headers = sip.NewParams()
		}
	}
	return t, nil
}

// legacyURI is sip:CALL_TO@ADDRESS from the trunk's "address" (host or host:port).
func legacyURI(callTo, address string) (sip.Uri, error) {
	user := siputil.NormalizeUser(callTo)
	if user == "" {
		return sip.Uri{}, errors.New("no number to call")
	}
	if strings.ContainsAny(user, "@:<>") {
		return sip.Uri{}, fmt.Errorf("number %q must be a phone number or SIP user, not a URI", callTo)
	}
	if strings.HasPrefix(address, "sip:") || strings.HasPrefix(address, "sips:") {
		return sip.Uri{}, fmt.Errorf("trunk address %q must be a host, without sip:", address)
	}
	host, port, err := siputil.HostPort(address)
	if err != nil {
		return sip.Uri{}, fmt.Errorf("trunk address: %w", err)
	}
	return sip.Uri{Scheme: "sip", User: user, Host: host, Port: port}, nil
}

// destURI reads a SIPRequestDest / SIPNamedDest: raw text or split values.
func destURI(raw string, v *livekit.SIPUri) (sip.Uri, error) {
	if raw != "" {
		raw = strings.TrimSpace(raw)
		if n := len(raw); n > 1 && raw[0] == '<' && raw[n-1] == '>' {
			raw = raw[1 : n-1]
		}
		var u sip.Uri
		if err := sip.ParseUri(raw, &u); err != nil {
			return sip.Uri{}, fmt.Errorf("%q: %w", raw, err)
		}
		if u.Scheme != "sip" || u.Host == "" {
			return sip.Uri{}, fmt.Errorf("%q is not a sip: URI with a host", raw)
		}
		return u, nil
	}
	if v == nil {
		return sip.Uri{}, errors.New("empty destination")
	}
	host := v.GetHost()
	if host == "" {
		host = v.GetIp()
	}
	if v.GetUser() == "" || host == "" {
		return sip.Uri{}, errors.New("destination needs a user and a host")
	}
	u := sip.Uri{Scheme: "sip", User: siputil.NormalizeUser(v.GetUser()), Host: host, Port: int(v.GetPort()), UriParams: sip.NewParams()}
	switch v.GetTransport() {
	case livekit.SIPTransport_SIP_TRANSPORT_UDP:
		u.UriParams.Add("transport", "udp")
	case livekit.SIPTransport_SIP_TRANSPORT_TCP:
		u.UriParams.Add("transport", "tcp")
	}
	return u, nil
}
