// Package bridge answers and places SIP calls and bridges each one to a
// participant of kind SIP in a LiveKit room, under livekit-server's control
// (trunks, dispatch rules, transfers, outbound dials), the way livekit-sip
// does: the worker and the provisioning code cannot tell which one runs.
package bridge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/diago"
	dmedia "github.com/emiago/diago/media"
	"github.com/emiago/sipgo"
	"github.com/livekit/psrpc"

	"voiceagent/sipbridge/internal/config"
	"voiceagent/sipbridge/internal/control"
	"voiceagent/sipbridge/internal/siputil"
)

// UserAgent names the bridge in SIP (Contact user, User-Agent header).
const UserAgent = "voice-agent-sip-bridge"

// Bridge is one running bridge process.
type Bridge struct {
	conf    *config.Config
	log     *slog.Logger
	io      *control.IOInfo
	svc     *control.Service
	bus     psrpc.MessageBus
	auth    *siputil.DigestAuth
	limiter *Limiter
	calls   registry
	count   counters
	started time.Time

	ua       *sipgo.UserAgent
	dg       *diago.Diago
	announce string // host in Contact/SDP/From
	sipReady atomic.Bool
	stopping atomic.Bool
	wg       sync.WaitGroup // one per live call
	ctx      context.Context
	cancel   context.CancelFunc
}

// New prepares a bridge on the given psrpc bus (the Redis livekit-server uses).
func New(conf *config.Config, bus psrpc.MessageBus, log *slog.Logger) (*Bridge, error) {
	io, err := control.NewIOInfo(bus)
	if err != nil {
		return nil, fmt.Errorf("psrpc IOInfo client: %w", err)
	}
	b := &Bridge{
		conf:    conf,
		log:     log,
		io:      io,
		bus:     bus,
		auth:    siputil.NewDigestAuth(UserAgent),
		limiter: NewLimiter(conf.MaxConcurrentCalls),
		calls:   newRegistry(),
		started: time.Now(),
	}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	return b, nil
}

// Start opens the SIP listeners (UDP and TCP on sip_port) and begins serving
// livekit-server's SIPInternal requests. It returns once SIP is listening.
func (b *Bridge) Start() error {
	// diago keeps the RTP range in package globals; this process has one range.
	dmedia.RTPPortStart, dmedia.RTPPortEnd = b.conf.RTPPorts.Start, b.conf.RTPPorts.End

	bindHost, announce := sipAddresses(b.conf.ListenIP, b.conf.AnnounceIP, primaryIPv4())
	b.announce = announce
	ua, err := sipgo.NewUA(sipgo.WithUserAgent(UserAgent), sipgo.WithUserAgentHostname(announce))
	if err != nil {
		return err
	}
	b.ua = ua
	transport := func(proto string) diago.Transport {
		return diago.Transport{
			Transport:       proto,
			BindHost:        bindHost,
			BindPort:        b.conf.SIPPort,
			ExternalHost:    announce,
			ExternalPort:    b.conf.SIPPort,
			MediaExternalIP: net.ParseIP(announce),
		}
	}
	b.dg = diago.NewDiago(ua,
		diago.WithTransport(transport("udp")),
		diago.WithTransport(transport("tcp")),
		diago.WithLogger(b.log.With("component", "sip")),
		diago.WithMediaConfig(diago.MediaConfig{Codecs: []dmedia.Codec{
			dmedia.CodecAudioUlaw, dmedia.CodecAudioAlaw, dmedia.CodecTelephoneEvent8000,
		}}),
		diago.WithServerRequestMiddleware(b.screen),
	)
	if err := b.dg.ServeBackground(b.ctx, b.handleInvite); err != nil {
		return fmt.Errorf("SIP listen on %s:%d: %w", bindHost, b.conf.SIPPort, err)
	}
	b.sipReady.Store(true)
	b.log.Info("SIP listening", "udp", net.JoinHostPort(bindHost, strconv.Itoa(b.conf.SIPPort)), "tcp", net.JoinHostPort(bindHost, strconv.Itoa(b.conf.SIPPort)),
		"announce", announce, "rtpPorts", b.conf.RTPPorts.String(), "maxConcurrentCalls", b.conf.MaxConcurrentCalls)

	svc, err := control.StartService(b.bus, b)
	if err != nil {
		return fmt.Errorf("psrpc SIPInternal service: %w", err)
	}
	b.svc = svc
	return nil
}

// SIPReady reports whether the SIP listener is up (for /).
func (b *Bridge) SIPReady() bool { return b.sipReady.Load() && !b.stopping.Load() }

// Stats is the /stats document.
func (b *Bridge) Stats() Stats {
	var calls []CallStats
	for _, c := range b.calls.list() {
		calls = append(calls, c.stats())
	}
	return b.count.snapshot(b.started, b.limiter.Active(), b.limiter.Max(), calls)
}

// Shutdown refuses new calls, hangs up the live ones (BYE, leave room) and
// waits for them to finish or ctx to end.
func (b *Bridge) Shutdown(ctx context.Context) {
	b.stopping.Store(true)
	if b.svc != nil {
		b.svc.Shutdown()
	}
	for _, c := range b.calls.list() {
		c.requestEnd(endShutdown)
	}
	done := make(chan struct{})
	go func() { b.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		b.log.Warn("shutdown: calls still ending", "active", b.limiter.Active())
	}
	b.cancel()
	b.sipReady.Store(false)
	if b.ua != nil {
		_ = b.ua.Close()
	}
}

// sipAddresses picks the bind host and the announced host (Contact, SDP).
// diago binds RTP on the first non-loopback interface when SIP listens on
// 0.0.0.0, so when the announced address is loopback (or there is no other
// interface) everything must bind on 127.0.0.1 for media to arrive.
func sipAddresses(listen, announce, primary string) (bindHost, announceHost string) {
	ip := net.ParseIP(listen)
	bindHost = listen
	if announce == "" {
		switch {
		case ip != nil && !ip.IsUnspecified():
			announce = listen
		case primary != "":
			announce = primary
		default:
			announce = "127.0.0.1"
		}
	}
	if ip != nil && ip.IsUnspecified() && (primary == "" || net.ParseIP(announce).IsLoopback()) {
		bindHost = "127.0.0.1"
	}
	return bindHost, announce
}

// primaryIPv4 is the first up, non-loopback IPv4 address (what diago binds RTP to).
func primaryIPv4() string {
	ifaces, err := net.Interfaces()
	if err != nil {
		return ""
	}
	for _, iface := range ifaces {
		if iface.Flags&net.FlagUp == 0 || iface.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := iface.Addrs()
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() {
				return n.IP.String()
			}
		}
	}
	return ""
}

var errStopping = errors.New("bridge is shutting down")
