package bridge

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/emiago/sipgo/sip"
	"github.com/livekit/protocol/livekit"
	"github.com/livekit/protocol/rpc"
	"github.com/livekit/psrpc"

	"voiceagent/sipbridge/internal/control"
)

func sdpBody(media string, extra ...string) []byte {
	lines := append([]string{"v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", media}, extra...)
	return []byte(strings.Join(lines, "\r\n") + "\r\n")
}

func TestCheckOffer(t *testing.T) {
	ok := map[string][]byte{
		"PCMU static":         sdpBody("m=audio 4000 RTP/AVP 0 101", "a=rtpmap:101 telephone-event/8000"),
		"PCMA only":           sdpBody("m=audio 4000 RTP/AVP 8"),
		"PCMU among others":   sdpBody("m=audio 4000 RTP/AVP 9 18 0", "a=rtpmap:9 G722/8000", "a=rtpmap:18 G729/8000"),
		"dynamic PCMA rtpmap": sdpBody("m=audio 4000 RTP/AVP 97", "a=rtpmap:97 PCMA/8000"),
	}
	for name, body := range ok {
		if err := checkOffer(body); err != nil {
			t.Errorf("%s refused: %v", name, err)
		}
	}
	bad := map[string][]byte{
		"empty":        nil,
		"not sdp":      []byte("hello\r\n"),
		"no audio":     sdpBody("m=video 4000 RTP/AVP 96"),
		"port 0":       sdpBody("m=audio 0 RTP/AVP 0"),
		"srtp":         sdpBody("m=audio 4000 RTP/SAVP 0"),
		"g729 only":    sdpBody("m=audio 4000 RTP/AVP 18", "a=rtpmap:18 G729/8000"),
		"opus only":    sdpBody("m=audio 4000 RTP/AVP 111", "a=rtpmap:111 opus/48000/2"),
		"no c= line":   []byte("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"),
		"audio+video":  sdpBody("m=audio 4000 RTP/AVP 0", "m=video 4002 RTP/AVP 96"),
		"short m-line": sdpBody("m=audio 4000"),
	}
	for name, body := range bad {
		if err := checkOffer(body); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}

func TestSIPAddresses(t *testing.T) {
	cases := []struct {
		listen, announce, primary string
		wantBind, wantAnnounce    string
	}{
		// sip.mjs default: every address, announce the LAN address.
		{"0.0.0.0", "192.168.1.20", "192.168.1.20", "0.0.0.0", "192.168.1.20"},
		// No announce given: diago's RTP address is the primary one, so announce that.
		{"0.0.0.0", "", "10.0.0.5", "0.0.0.0", "10.0.0.5"},
		// A machine with loopback only: bind and announce loopback.
		{"0.0.0.0", "", "", "127.0.0.1", "127.0.0.1"},
		// sip.mjs fallback announce 127.0.0.1: RTP must then listen on loopback too.
		{"0.0.0.0", "127.0.0.1", "10.0.0.5", "127.0.0.1", "127.0.0.1"},
		// Bound to one address: announce it.
		{"127.0.0.1", "", "10.0.0.5", "127.0.0.1", "127.0.0.1"},
		// NAT: announce the public address, bind locally.
		{"0.0.0.0", "203.0.113.7", "10.0.0.5", "0.0.0.0", "203.0.113.7"},
	}
	for _, tc := range cases {
		bind, announce := sipAddresses(tc.listen, tc.announce, tc.primary)
		if bind != tc.wantBind || announce != tc.wantAnnounce {
			t.Errorf("sipAddresses(%q, %q, %q) = %q, %q; want %q, %q", tc.listen, tc.announce, tc.primary, bind, announce, tc.wantBind, tc.wantAnnounce)
		}
	}
}

func TestBuildDialTarget(t *testing.T) {
	// What livekit-server v1.13.5 sends for an outbound trunk: flat fields.
	legacy := &rpc.InternalCreateSIPParticipantRequest{
		Address: "pbx.example.com:5080", CallTo: "+1 (555) 765-4321", Number: "+15550002222", RoomName: "r",
	}
	tg, err := buildDialTarget(legacy, "192.0.2.2")
	if err != nil {
		t.Fatal(err)
	}
	if got := tg.uri.String(); got != "sip:+15557654321@pbx.example.com:5080" {
		t.Errorf("request URI %q", got)
	}
	if got := tg.from.String(); got != "sip:+15550002222@192.0.2.2" {
		t.Errorf("From %q", got)
	}
	if got := tg.to.String(); got != "sip:+15557654321@pbx.example.com:5080" || tg.transport != "udp" {
		t.Errorf("To %q transport %q", got, tg.transport)
	}

	withHost := &rpc.InternalCreateSIPParticipantRequest{Address: "10.0.0.9", CallTo: "100", Number: "200", Hostname: "voice.example.com",
		Transport: livekit.SIPTransport_SIP_TRANSPORT_TCP}
	tg, err = buildDialTarget(withHost, "192.0.2.2")
	if err != nil || tg.from.Host != "voice.example.com" || tg.transport != "tcp" || tg.uri.Port != 0 {
		t.Errorf("%+v %v", tg, err)
	}

	// Newer servers send explicit URIs.
	explicit := &rpc.InternalCreateSIPParticipantRequest{
		SipRequestUri:  &livekit.SIPRequestDest{Uri: &livekit.SIPRequestDest_Raw{Raw: "<sip:desk@10.1.1.1:5070;transport=tcp>"}},
		SipFromHeader:  &livekit.SIPNamedDest{DisplayName: "Agent", Uri: &livekit.SIPNamedDest_Values{Values: &livekit.SIPUri{User: "+15550002222", Host: "example.org"}}},
		ToUserOverride: "reception",
	}
	tg, err = buildDialTarget(explicit, "192.0.2.2")
	if err != nil {
		t.Fatal(err)
	}
	if tg.uri.Host != "10.1.1.1" || tg.uri.Port != 5070 || tg.transport != "tcp" || tg.from.User != "+15550002222" || tg.fromName != "Agent" || tg.to.User != "reception" {
		t.Errorf("%+v", tg)
	}

	for name, req := range map[string]*rpc.InternalCreateSIPParticipantRequest{
		"no number to call":  {Address: "h", Number: "1"},
		"no address":         {CallTo: "1", Number: "1"},
		"address with sip:":  {Address: "sip:h", CallTo: "1", Number: "1"},
		"address with param": {Address: "h;transport=tcp", CallTo: "1", Number: "1"},
		"uri as number":      {Address: "h", CallTo: "a@b", Number: "1"},
		"no from number":     {Address: "h", CallTo: "1"},
		"tls":                {Address: "h", CallTo: "1", Number: "1", Transport: livekit.SIPTransport_SIP_TRANSPORT_TLS},
		"raw not sip":        {SipRequestUri: &livekit.SIPRequestDest{Uri: &livekit.SIPRequestDest_Raw{Raw: "tel:+1555"}}, Number: "1"},
	} {
		if _, err := buildDialTarget(req, "192.0.2.2"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestBuildRefer(t *testing.T) {
	remote := sip.Uri{Scheme: "sip", User: "15550177", Host: "127.0.0.1", Port: 5072}
	target := sip.Uri{Scheme: "sip", User: "+15550100", Host: "127.0.0.1", Port: 5072, UriParams: sip.NewParams()}
	target.UriParams.Add("user", "phone")
	req := buildRefer(remote, target, map[string]string{"X-Reason": "handoff", "Call-ID": "hijack", "to": "x"})
	if req.Method != sip.REFER || req.Recipient.String() != "sip:15550177@127.0.0.1:5072" {
		t.Errorf("%s %s", req.Method, req.Recipient.String())
	}
	if h := req.GetHeader("Refer-To"); h == nil || h.Value() != "<sip:+15550100@127.0.0.1:5072;user=phone>" {
		t.Errorf("Refer-To %v", h)
	}
	if h := req.GetHeader("X-Reason"); h == nil || h.Value() != "handoff" {
		t.Error("custom header dropped")
	}
	if req.CallID() != nil || req.To() != nil {
		t.Error("API headers overrode dialog headers")
	}
}

func TestDialDisconnectReason(t *testing.T) {
	for code, want := range map[int]livekit.DisconnectReason{
		486: livekit.DisconnectReason_USER_REJECTED,
		603: livekit.DisconnectReason_USER_REJECTED,
		403: livekit.DisconnectReason_USER_REJECTED,
		408: livekit.DisconnectReason_USER_UNAVAILABLE,
		480: livekit.DisconnectReason_USER_UNAVAILABLE,
		404: livekit.DisconnectReason_USER_UNAVAILABLE,
		503: livekit.DisconnectReason_SIP_TRUNK_FAILURE,
	} {
		if got := dialDisconnectReason(control.SIPError(code, "x", "INVITE failed")); got != want {
			t.Errorf("%d: %v, want %v", code, got, want)
		}
	}
	if got := dialDisconnectReason(psrpc.NewErrorf(psrpc.Canceled, "left")); got != livekit.DisconnectReason_USER_UNAVAILABLE {
		t.Errorf("cancelled: %v", got)
	}
	if got := dialDisconnectReason(errors.New("odd")); got != livekit.DisconnectReason_USER_UNAVAILABLE {
		t.Errorf("plain error: %v", got)
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(3)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var got []func()
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if release, ok := l.Acquire(); ok {
				mu.Lock()
				got = append(got, release)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(got) != 3 || l.Active() != 3 || !l.Full() {
		t.Fatalf("granted %d, active %d", len(got), l.Active())
	}
	got[0]()
	got[0]() // release is idempotent: a call's every exit path may call it
	if l.Active() != 2 || l.Full() {
		t.Errorf("after release: active %d", l.Active())
	}
	if _, ok := l.Acquire(); !ok {
		t.Error("freed slot not granted")
	}
}
