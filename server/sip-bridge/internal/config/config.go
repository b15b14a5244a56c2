// Package config reads the bridge's YAML file. The keys are livekit-sip's
// (so scripts/lib/sip.mjs can start either binary with the same file) plus a
// few of the bridge's own, each with a default. Every validation error names
// the key it is about.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the validated configuration. Times are durations, ports plain ints.
type Config struct {
	APIKey    string
	APISecret string
	WSURL     string

	Redis Redis

	SIPPort    int
	ListenIP   string // address the SIP and RTP sockets bind to
	RTPPorts   PortRange
	HealthPort int // 0 disables the health endpoint

	// AnnounceIP is what SDP and Contact carry (nat_1_to_1_ip); empty = the
	// address of the machine's primary interface, as diago picks it.
	AnnounceIP string

	LogLevel string

	MaxConcurrentCalls  int
	MediaTimeout        time.Duration
	MediaTimeoutInitial time.Duration // silence allowed before the first RTP packet
	RingingTimeout      time.Duration // outbound dial: how long the far end may ring
	// AnswerWait: an inbound call rings until someone in the room can be heard
	// (the agent published its audio), as livekit-sip does, for at most this
	// long; then it is answered anyway. 0 answers as soon as the room is joined.
	AnswerWait      time.Duration
	TransferTimeout time.Duration // REFER: how long to wait for the final NOTIFY
	MaxCallDuration time.Duration
	RoomJoinTimeout time.Duration

	// UnknownKeys lists top-level keys this bridge ignores (livekit-sip has
	// many more); main logs them once so a typo does not go unnoticed.
	UnknownKeys []string
}

// Redis is the shared bus with livekit-server.
type Redis struct {
	Address  string
	Username string
	Password string
	DB       int
}

// PortRange is inclusive on both ends, like livekit-sip's "10000-20000".
type PortRange struct {
	Start, End int
}

func (r PortRange) String() string { return fmt.Sprintf("%d-%d", r.Start, r.End) }

// Size is the number of ports in the range.
func (r PortRange) Size() int { return r.End - r.Start + 1 }

// Defaults for the bridge's own keys.
const (
	DefaultSIPPort             = 5060
	DefaultMaxConcurrentCalls  = 32
	DefaultMediaTimeout        = 15 * time.Second
	DefaultMediaTimeoutInitial = 30 * time.Second // livekit-sip's default
	DefaultRingingTimeout      = 30 * time.Second
	DefaultAnswerWait          = 10 * time.Second
	DefaultTransferTimeout     = 30 * time.Second
	DefaultMaxCallDuration     = 3 * time.Hour
	DefaultRoomJoinTimeout     = 10 * time.Second
	DefaultListenIP            = "0.0.0.0"
)

// DefaultRTPPorts matches the product's documented RTP range.
var DefaultRTPPorts = PortRange{Start: 10000, End: 10100}

// file mirrors the YAML. Durations are strings ("15s") or plain seconds.
type file struct {
	APIKey    string `yaml:"api_key"`
	APISecret string `yaml:"api_secret"`
	WSURL     string `yaml:"ws_url"`
	Redis     *struct {
		Address  string `yaml:"address"`
		Username string `yaml:"username"`
		Password string `yaml:"password"`
		DB       int    `yaml:"db"`
	} `yaml:"redis"`
	SIPPort       *int   `yaml:"sip_port"`
	SIPPortListen *int   `yaml:"sip_port_listen"`
	RTPPort       string `yaml:"rtp_port"`
	HealthPort    int    `yaml:"health_port"`
	UseExternalIP bool   `yaml:"use_external_ip"`
	NAT1To1IP     string `yaml:"nat_1_to_1_ip"`
	ListenIP      string `yaml:"listen_ip"`
	Logging       struct {
		Level string `yaml:"level"`
		JSON  bool   `yaml:"json"`
	} `yaml:"logging"`

	MaxConcurrentCalls  *int     `yaml:"max_concurrent_calls"`
	MediaTimeout        duration `yaml:"media_timeout"`
	MediaTimeoutInitial duration `yaml:"media_timeout_initial"`
	RingingTimeout      duration `yaml:"ringing_timeout"`
	AnswerWait          duration `yaml:"answer_wait"`
	TransferTimeout     duration `yaml:"transfer_timeout"`
	MaxCallDuration     duration `yaml:"max_call_duration"`
	RoomJoinTimeout     duration `yaml:"room_join_timeout"`
}

var knownKeys = map[string]bool{
	"api_key": true, "api_secret": true, "ws_url": true, "redis": true,
	"sip_port": true, "sip_port_listen": true, "rtp_port": true, "health_port": true,
	"use_external_ip": true, "nat_1_to_1_ip": true, "listen_ip": true, "logging": true,
	"max_concurrent_calls": true, "media_timeout": true, "media_timeout_initial": true, "ringing_timeout": true, "answer_wait": true,
	"transfer_timeout": true, "max_call_duration": true, "room_join_timeout": true,
}

// duration accepts "15s"/"1m30s" or a bare number of seconds.
type duration struct {
	set   bool
	value time.Duration
	raw   string
}

func (d *duration) UnmarshalYAML(n *yaml.Node) error {
	d.set, d.raw = true, n.Value
	if secs, err := strconv.ParseFloat(n.Value, 64); err == nil {
		d.value = time.Duration(secs * float64(time.Second))
		return nil
	}
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		d.value = -1 // reported by validation with the key's name
		return nil
	}
	d.value = v
	return nil
}

// Load reads and validates the file at path. Like livekit-sip, the LiveKit
// credentials fall back to LIVEKIT_API_KEY / LIVEKIT_API_SECRET / LIVEKIT_WS_URL.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(data, os.Getenv)
}

// Parse validates YAML text; getenv supplies the credential fallbacks.
func Parse(data []byte, getenv func(string) string) (*Config, error) {
	var f file
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("config: not valid YAML: %w", err)
	}
	var keys map[string]any
	_ = yaml.Unmarshal(data, &keys)
	c := &Config{
		APIKey:     firstNonEmpty(f.APIKey, getenv("LIVEKIT_API_KEY")),
		APISecret:  firstNonEmpty(f.APISecret, getenv("LIVEKIT_API_SECRET")),
		WSURL:      firstNonEmpty(f.WSURL, getenv("LIVEKIT_WS_URL")),
		ListenIP:   firstNonEmpty(f.ListenIP, DefaultListenIP),
		LogLevel:   strings.ToLower(firstNonEmpty(f.Logging.Level, "info")),
		HealthPort: f.HealthPort,
		AnnounceIP: f.NAT1To1IP,
	}
	for k := range keys {
		if !knownKeys[k] {
			c.UnknownKeys = append(c.UnknownKeys, k)
		}
	}
	sort.Strings(c.UnknownKeys)

	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("config: %s: "+format, append([]any{key}, args...)...))
	}

	if c.APIKey == "" {
		bad("api_key", "required (or set LIVEKIT_API_KEY)")
	}
	if c.APISecret == "" {
		bad("api_secret", "required (or set LIVEKIT_API_SECRET)")
	}
	if c.WSURL == "" {
		bad("ws_url", "required (or set LIVEKIT_WS_URL)")
	} else if u, err := url.Parse(c.WSURL); err != nil || (u.Scheme != "ws" && u.Scheme != "wss" && u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("ws_url", "%q is not a ws:// or wss:// URL", c.WSURL)
	}

	if f.Redis == nil || f.Redis.Address == "" {
		bad("redis.address", "required: the Redis livekit-server uses (host:port)")
	} else {
		if _, _, err := net.SplitHostPort(f.Redis.Address); err != nil {
			bad("redis.address", "%q must be host:port", f.Redis.Address)
		}
		c.Redis = Redis{Address: f.Redis.Address, Username: f.Redis.Username, Password: f.Redis.Password, DB: f.Redis.DB}
	}

	c.SIPPort = DefaultSIPPort
	if f.SIPPort != nil {
		c.SIPPort = *f.SIPPort
	}
	// livekit-sip: sip_port is announced, sip_port_listen bound. Without a
	// proxy in between they are the same; the listen one wins when both are set.
	if f.SIPPortListen != nil {
		c.SIPPort = *f.SIPPortListen
	}
	if !validPort(c.SIPPort) {
		bad("sip_port", "%d is not a port (1-65535)", c.SIPPort)
	}

	c.RTPPorts = DefaultRTPPorts
	if f.RTPPort != "" {
		r, err := ParsePortRange(f.RTPPort)
		if err != nil {
			bad("rtp_port", "%v", err)
		} else {
			c.RTPPorts = r
		}
	}
	if c.HealthPort != 0 && !validPort(c.HealthPort) {
		bad("health_port", "%d is not a port (1-65535, or 0 to disable)", c.HealthPort)
	}

	if f.UseExternalIP {
		// livekit-sip finds it with STUN, which needs the internet; say so instead of hanging at start.
		bad("use_external_ip", "true is not supported by this bridge (it would need a STUN lookup); set nat_1_to_1_ip to the address callers should send media to")
	}
	if c.AnnounceIP != "" && net.ParseIP(c.AnnounceIP) == nil {
		bad("nat_1_to_1_ip", "%q is not an IP address", c.AnnounceIP)
	}
	if net.ParseIP(c.ListenIP) == nil {
		bad("listen_ip", "%q is not an IP address", c.ListenIP)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "warning", "error":
	default:
		bad("logging.level", "%q is not one of debug, info, warn, error", c.LogLevel)
	}

	c.MaxConcurrentCalls = DefaultMaxConcurrentCalls
	if f.MaxConcurrentCalls != nil {
		c.MaxConcurrentCalls = *f.MaxConcurrentCalls
	}
	if c.MaxConcurrentCalls < 1 {
		bad("max_concurrent_calls", "must be at least 1, got %d", c.MaxConcurrentCalls)
	}
	// Each call holds an RTP+RTCP port pair; more calls than pairs would fail at answer time.
	if pairs := c.RTPPorts.Size() / 2; c.MaxConcurrentCalls > pairs && len(errs) == 0 {
		bad("max_concurrent_calls", "%d calls need %d RTP ports but rtp_port %s has %d", c.MaxConcurrentCalls, 2*c.MaxConcurrentCalls, c.RTPPorts, c.RTPPorts.Size())
	}

	durations := []struct {
		key string
		in  duration
		def time.Duration
		out *time.Duration
		min time.Duration
	}{
		{"media_timeout", f.MediaTimeout, DefaultMediaTimeout, &c.MediaTimeout, time.Second},
		{"media_timeout_initial", f.MediaTimeoutInitial, DefaultMediaTimeoutInitial, &c.MediaTimeoutInitial, time.Second},
		{"ringing_timeout", f.RingingTimeout, DefaultRingingTimeout, &c.RingingTimeout, time.Second},
		{"answer_wait", f.AnswerWait, DefaultAnswerWait, &c.AnswerWait, 0},
		{"transfer_timeout", f.TransferTimeout, DefaultTransferTimeout, &c.TransferTimeout, time.Second},
		{"max_call_duration", f.MaxCallDuration, DefaultMaxCallDuration, &c.MaxCallDuration, time.Minute},
		{"room_join_timeout", f.RoomJoinTimeout, DefaultRoomJoinTimeout, &c.RoomJoinTimeout, time.Second},
	}
	for _, d := range durations {
		*d.out = d.def
		if !d.in.set {
			continue
		}
		if d.in.value < d.min {
			bad(d.key, "%q must be a duration of at least %s (e.g. \"15s\")", d.in.raw, d.min)
			continue
		}
		*d.out = d.in.value
	}

	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// ParsePortRange reads "start-end" (inclusive). A range needs room for at
// least one RTP+RTCP pair.
func ParsePortRange(s string) (PortRange, error) {
	lo, hi, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return PortRange{}, fmt.Errorf("%q must be \"start-end\", e.g. \"10000-10100\"", s)
	}
	start, err1 := strconv.Atoi(strings.TrimSpace(lo))
	end, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if err1 != nil || err2 != nil {
		return PortRange{}, fmt.Errorf("%q must be \"start-end\" with numbers", s)
	}
	if !validPort(start) || !validPort(end) || start > end {
		return PortRange{}, fmt.Errorf("%q must have 1 <= start <= end <= 65535", s)
	}
	if end-start+1 < 2 {
		return PortRange{}, fmt.Errorf("%q must span at least 2 ports (RTP and RTCP)", s)
	}
	return PortRange{Start: start, End: end}, nil
}

func validPort(p int) bool { return p > 0 && p <= 65535 }

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
