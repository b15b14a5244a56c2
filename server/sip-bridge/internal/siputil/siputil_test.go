package siputil

import (
	"strings"
	"testing"
	"time"

	"github.com/icholy/digest"
)

func TestNormalizeUser(t *testing.T) {
	cases := map[string]string{
		"+15551234567":             "+15551234567",
		"15550177":                 "15550177",
		"+1 (555) 010-0199":        "+15550100199",
		"+1.555.010.0199":          "+15550100199",
		"%2B15550100":              "+15550100",
		"5550100;phone-context=+1": "5550100",
		"agent":                    "agent",
		"alice.smith":              "alice.smith",
		"*98#":                     "*98#",
		"1+2":                      "1+2", // + only leads a number
		"":                         "",
		"100;isub=12":              "100",
		"+44 20 7946 0958":         "+442079460958",
		"not%zzescaped":            "not%zzescaped",
	}
	for in, want := range cases {
		if got := NormalizeUser(in); got != want {
			t.Errorf("NormalizeUser(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReferTarget(t *testing.T) {
	cases := []struct {
		in, host string
		port     int
		want     string
		wantErr  string
	}{
		{in: "<sip:desk@pbx.example.com>", want: "sip:desk@pbx.example.com"},
		{in: "sip:+15550100@10.0.0.5:5070;transport=udp", want: "sip:+15550100@10.0.0.5:5070;transport=udp"},
		{in: "sips:desk@pbx.example.com", want: "sips:desk@pbx.example.com"},
		{in: "tel:+15550100", host: "192.0.2.10", port: 5060, want: "sip:+15550100@192.0.2.10:5060;user=phone"},
		{in: "tel:+1-555-0100", host: "carrier.example", want: "sip:+15550100@carrier.example;user=phone"},
		{in: "tel:5550100;phone-context=+1", host: "h", want: "sip:5550100;phone-context=+1@h;user=phone"},
		{in: "tel:+15550100", wantErr: "no host"},
		{in: "tel:reception", host: "h", wantErr: "not a phone number"},
		{in: "mailto:x@y", wantErr: "not supported"},
		{in: "desk", wantErr: "no scheme"},
		{in: "sip:", wantErr: ""}, // any error
	}
	for _, tc := range cases {
		u, err := ReferTarget(tc.in, tc.host, tc.port)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ReferTarget(%q) = %s, want error", tc.in, u.String())
			} else if tc.wantErr != "" && !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ReferTarget(%q) error %q, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ReferTarget(%q): %v", tc.in, err)
			continue
		}
		if got := u.String(); got != tc.want {
			t.Errorf("ReferTarget(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHostPort(t *testing.T) {
	for in, want := range map[string]struct {
		host string
		port int
	}{
		"10.0.0.1:5080":      {"10.0.0.1", 5080},
		"sip.example.com":    {"sip.example.com", 0},
		"[2001:db8::1]:5060": {"2001:db8::1", 5060},
		"127.0.0.1":          {"127.0.0.1", 0},
	} {
		h, p, err := HostPort(in)
		if err != nil || h != want.host || p != want.port {
			t.Errorf("HostPort(%q) = %q %d %v", in, h, p, err)
		}
	}
	for _, bad := range []string{"", "host:0", "host:x", "sip:host", "a;b=c"} {
		if _, _, err := HostPort(bad); err == nil {
			t.Errorf("HostPort(%q) accepted", bad)
		}
	}
}

func TestParseSipfrag(t *testing.T) {
	ok := map[string]struct {
		code   int
		reason string
	}{
		"SIP/2.0 200 OK\r\n":                  {200, "OK"},
		"SIP/2.0 100 Trying":                  {100, "Trying"},
		"SIP/2.0 486 Busy Here\r\nVia: x\r\n": {486, "Busy Here"},
		"sip/2.0 603":                         {603, ""},
		"SIP/2.0 180 Ringing\n":               {180, "Ringing"},
	}
	for body, want := range ok {
		code, reason, err := ParseSipfrag([]byte(body))
		if err != nil || code != want.code || reason != want.reason {
			t.Errorf("ParseSipfrag(%q) = %d %q %v", body, code, reason, err)
		}
	}
	for _, bad := range []string{"", "HTTP/1.1 200 OK", "SIP/2.0", "SIP/2.0 abc OK", "SIP/2.0 99 Low", "SIP/2.0 700 High"} {
		if _, _, err := ParseSipfrag([]byte(bad)); err == nil {
			t.Errorf("ParseSipfrag(%q) accepted", bad)
		}
	}
}

// answer plays the client's side: parse our challenge, compute the response.
func answer(t *testing.T, challengeHeader, user, pass, uri string, qop bool) string {
	t.Helper()
	ch, err := digest.ParseChallenge(challengeHeader)
	if err != nil {
		t.Fatal(err)
	}
	if qop {
		ch.QOP = []string{"auth"}
	}
	cred, err := digest.Digest(ch, digest.Options{Method: "INVITE", URI: uri, Username: user, Password: pass})
	if err != nil {
		t.Fatal(err)
	}
	return cred.String()
}

func TestDigestAuth(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	a := NewDigestAuth("voice-agent")
	a.now = func() time.Time { return now }

	res, chal, _ := a.Check("", "INVITE", "call-1", "alice", "s3cret!!")
	if res != AuthChallenge || !strings.Contains(chal, `realm="voice-agent"`) || !strings.Contains(chal, "MD5") {
		t.Fatalf("first INVITE: %v %q", res, chal)
	}

	good := answer(t, chal, "alice", "s3cret!!", "sip:agent@127.0.0.1:5060", false)
	if res, _, why := a.Check(good, "INVITE", "call-1", "alice", "s3cret!!"); res != AuthOK {
		t.Errorf("correct credentials: %v (%s)", res, why)
	}
	withQop := answer(t, chal, "alice", "s3cret!!", "sip:agent@127.0.0.1:5060", true)
	if res, _, why := a.Check(withQop, "INVITE", "call-1", "alice", "s3cret!!"); res != AuthOK {
		t.Errorf("qop=auth credentials: %v (%s)", res, why)
	}

	wrongPass := answer(t, chal, "alice", "guess", "sip:agent@127.0.0.1:5060", false)
	if res, _, _ := a.Check(wrongPass, "INVITE", "call-1", "alice", "s3cret!!"); res != AuthFailed {
		t.Errorf("wrong password: %v", res)
	}
	wrongUser := answer(t, chal, "mallory", "s3cret!!", "sip:agent@127.0.0.1:5060", false)
	if res, _, _ := a.Check(wrongUser, "INVITE", "call-1", "alice", "s3cret!!"); res != AuthFailed {
		t.Errorf("wrong user: %v", res)
	}
	// A nonce is bound to its call: replaying it on another Call-ID fails.
	if res, _, _ := a.Check(good, "INVITE", "call-2", "alice", "s3cret!!"); res != AuthFailed {
		t.Errorf("replayed on another call: %v", res)
	}
	if res, _, _ := a.Check("Digest garbage", "INVITE", "call-1", "alice", "s3cret!!"); res != AuthFailed {
		t.Errorf("garbage: %v", res)
	}
	if res, _, _ := a.Check("Basic YWxpY2U6cw==", "INVITE", "call-1", "alice", "s3cret!!"); res != AuthFailed {
		t.Errorf("basic auth: %v", res)
	}

	// Old nonces are stale: challenge again, with stale=true so the client retries silently.
	now = now.Add(10 * time.Minute)
	res, chal2, _ := a.Check(good, "INVITE", "call-1", "alice", "s3cret!!")
	if res != AuthChallenge || !strings.Contains(strings.ToLower(chal2), "stale=true") {
		t.Errorf("stale nonce: %v %q", res, chal2)
	}
}
