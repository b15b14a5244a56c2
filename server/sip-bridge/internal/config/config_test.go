package config

import (
	"strings"
	"testing"
	"time"
)

func noEnv(string) string { return "" }

// The exact YAML scripts/lib/sip.mjs sipBridgeConfig() writes.
const productYAML = `api_key: devkey
api_secret: secret
ws_url: ws://127.0.0.1:7880
redis:
  address: 127.0.0.1:6379
sip_port: 5060
rtp_port: 10000-10100
health_port: 8070
use_external_ip: false
nat_1_to_1_ip: 192.168.1.20
logging:
  level: info
`

func TestParseProductConfig(t *testing.T) {
	c, err := Parse([]byte(productYAML), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.APIKey != "devkey" || c.APISecret != "secret" || c.WSURL != "ws://127.0.0.1:7880" {
		t.Errorf("credentials: %+v", c)
	}
	if c.Redis.Address != "127.0.0.1:6379" || c.SIPPort != 5060 || c.HealthPort != 8070 {
		t.Errorf("addresses: %+v", c)
	}
	if c.RTPPorts != (PortRange{10000, 10100}) {
		t.Errorf("rtp ports %v", c.RTPPorts)
	}
	if c.AnnounceIP != "192.168.1.20" || c.ListenIP != "0.0.0.0" {
		t.Errorf("addresses: announce %q listen %q", c.AnnounceIP, c.ListenIP)
	}
	if c.MaxConcurrentCalls != 32 || c.MediaTimeout != 15*time.Second || c.MediaTimeoutInitial != 30*time.Second || c.TransferTimeout != 30*time.Second {
		t.Errorf("defaults: %+v", c)
	}
	if len(c.UnknownKeys) != 0 {
		t.Errorf("unknown keys %v", c.UnknownKeys)
	}
}

func TestOwnKeysAndDurations(t *testing.T) {
	c, err := Parse([]byte(productYAML+"max_concurrent_calls: 4\nmedia_timeout: 3\nmedia_timeout_initial: 20s\ntransfer_timeout: 2m\nlisten_ip: 127.0.0.1\nprometheus_port: 9000\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxConcurrentCalls != 4 || c.MediaTimeout != 3*time.Second || c.MediaTimeoutInitial != 20*time.Second || c.TransferTimeout != 2*time.Minute || c.ListenIP != "127.0.0.1" {
		t.Errorf("own keys: %+v", c)
	}
	if len(c.UnknownKeys) != 1 || c.UnknownKeys[0] != "prometheus_port" {
		t.Errorf("unknown keys %v", c.UnknownKeys)
	}
}

func TestCredentialsFromEnv(t *testing.T) {
	env := map[string]string{"LIVEKIT_API_KEY": "k", "LIVEKIT_API_SECRET": "s", "LIVEKIT_WS_URL": "wss://lk.example.com"}
	c, err := Parse([]byte("redis:\n  address: redis:6379\n"), func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.APIKey != "k" || c.WSURL != "wss://lk.example.com" {
		t.Errorf("%+v", c)
	}
}

func TestValidationNamesTheKey(t *testing.T) {
	cases := []struct {
		name, yaml, wantKey string
	}{
		{"missing redis", "api_key: a\napi_secret: b\nws_url: ws://x:1\n", "redis.address"},
		{"bad redis", "api_key: a\napi_secret: b\nws_url: ws://x:1\nredis: {address: nocolon}\n", "redis.address"},
		{"missing key", "api_secret: b\nws_url: ws://x:1\nredis: {address: r:1}\n", "api_key"},
		{"bad url", "api_key: a\napi_secret: b\nws_url: ftp://x\nredis: {address: r:1}\n", "ws_url"},
		{"bad rtp", strings.Replace(productYAML, "10000-10100", "9000", 1), "rtp_port"},
		{"reversed rtp", strings.Replace(productYAML, "10000-10100", "20000-10000", 1), "rtp_port"},
		{"bad sip port", strings.Replace(productYAML, "sip_port: 5060", "sip_port: 70000", 1), "sip_port"},
		{"stun", strings.Replace(productYAML, "use_external_ip: false", "use_external_ip: true", 1), "use_external_ip"},
		{"nat ip", strings.Replace(productYAML, "192.168.1.20", "not-an-ip", 1), "nat_1_to_1_ip"},
		{"level", strings.Replace(productYAML, "level: info", "level: loud", 1), "logging.level"},
		{"calls", productYAML + "max_concurrent_calls: 0\n", "max_concurrent_calls"},
		{"too many calls for ports", strings.Replace(productYAML, "10000-10100", "20000-20009", 1) + "max_concurrent_calls: 6\n", "max_concurrent_calls"},
		{"timeout", productYAML + "media_timeout: soon\n", "media_timeout"},
		{"timeout too small", productYAML + "media_timeout: 10ms\n", "media_timeout"},
		{"not yaml", "api_key: [", "YAML"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml), noEnv)
			if err == nil {
				t.Fatal("expected an error")
			}
			if !strings.Contains(err.Error(), tc.wantKey) {
				t.Errorf("error %q does not name %q", err, tc.wantKey)
			}
		})
	}
}

func TestParsePortRange(t *testing.T) {
	r, err := ParsePortRange(" 20000 - 20100 ")
	if err != nil || r.Start != 20000 || r.End != 20100 || r.Size() != 101 {
		t.Errorf("%v %v", r, err)
	}
	for _, bad := range []string{"", "10000", "a-b", "5-5", "0-10", "10-70000"} {
		if _, err := ParsePortRange(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
