package bridge_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emiago/diago"
	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"
	"github.com/livekit/media-sdk/g711"
	"github.com/livekit/protocol/livekit"
	"github.com/livekit/psrpc"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/redis/go-redis/v9"
	"google.golang.org/protobuf/types/known/durationpb"

	"voiceagent/sipbridge/internal/bridge"
	"voiceagent/sipbridge/internal/config"
)

const (
	apiKey    = "devkey"
	apiSecret = "secret-for-the-integration-test-0123456789"
)

// TestPsrpcWireCompatibility runs the bridge against a real livekit-server
// (the pinned v1.13.5, whose protocol and psrpc versions differ from ours)
// over a real Redis: trunks and rules made with the server's Twirp API,
// an inbound call from a SIP user agent, TransferSIPParticipant through the
// server (refused, then accepted with NOTIFY 200), and CreateSIPParticipant
// (answered, then busy). It needs redis-server and livekit-server; without
// them it skips and says which is missing.
func TestPsrpcWireCompatibility(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test (-short)")
	}
	lkBin := findLivekitServer(t)
	redisAddr := startRedis(t)
	lkHTTP := startLivekit(t, lkBin, redisAddr)
	lkWS := "ws" + strings.TrimPrefix(lkHTTP, "http")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// The bridge, in-process, on free ports.
	sipPort := freePort(t)
	rtpStart := 30000 + rand.IntN(200)*100
	conf, err := config.Parse([]byte(fmt.Sprintf(`api_key: %s
api_secret: %s
ws_url: %s
redis: {address: %s}
sip_port: %d
rtp_port: %d-%d
listen_ip: 127.0.0.1
media_timeout: 3s
media_timeout_initial: 3s
answer_wait: 1s
max_concurrent_calls: 8
`, apiKey, apiSecret, lkWS, redisAddr, sipPort, rtpStart, rtpStart+99)), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	rc := redis.NewClient(&redis.Options{Addr: redisAddr})
	t.Cleanup(func() { rc.Close() })
	b, err := bridge.New(conf, psrpc.NewRedisMessageBus(rc), testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		b.Shutdown(sctx)
	})

	// A SIP user agent playing caller, transfer target and outbound callee.
	peer := startPeer(t, ctx)

	sc := lksdk.NewSIPClient(lkHTTP, apiKey, apiSecret)
	rs := lksdk.NewRoomServiceClient(lkHTTP, apiKey, apiSecret)
	in, err := sc.CreateSIPInboundTrunk(ctx, &livekit.CreateSIPInboundTrunkRequest{Trunk: &livekit.SIPInboundTrunkInfo{
		Name: "test-in", AllowedAddresses: []string{"127.0.0.1/32"}}})
	if err != nil {
		t.Fatal(err)
	}
	rule, err := sc.CreateSIPDispatchRule(ctx, &livekit.CreateSIPDispatchRuleRequest{DispatchRule: &livekit.SIPDispatchRuleInfo{
		Name: "test-rule", TrunkIds: []string{in.SipTrunkId},
		Rule: &livekit.SIPDispatchRule{Rule: &livekit.SIPDispatchRule_DispatchRuleIndividual{
			DispatchRuleIndividual: &livekit.SIPDispatchRuleIndividual{RoomPrefix: "call-"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := sc.CreateSIPOutboundTrunk(ctx, &livekit.CreateSIPOutboundTrunkRequest{Trunk: &livekit.SIPOutboundTrunkInfo{
		Name: "test-out", Address: fmt.Sprintf("127.0.0.1:%d", peer.port), Numbers: []string{"+15550002222"}}})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("inbound call joins a room as a SIP participant", func(t *testing.T) {
		call := peer.call(t, ctx, sipPort, true)
		p := waitForSIPParticipant(t, ctx, rs, "call-")
		// Audio both ways: the caller's tone reaches the bridge, the room's mix (silence here) comes back.
		waitUntil(t, 5*time.Second, "caller audio at the bridge and bridge audio at the caller", func() bool {
			st := b.Stats()
			return len(st.Calls) == 1 && st.Calls[0].RTPInAudioLoud > 10 && call.received.Load() > 10
		})
		want := map[string]string{
			livekit.AttrSIPPhoneNumber:    "+15551234567",
			livekit.AttrSIPTrunkNumber:    "agent",
			livekit.AttrSIPTrunkID:        in.SipTrunkId,
			livekit.AttrSIPDispatchRuleID: rule.SipDispatchRuleId,
			livekit.AttrSIPCallStatus:     "active",
			"sip.callIDFull":              call.sipCallID,
		}
		for k, v := range want {
			if p.info.Attributes[k] != v {
				t.Errorf("attribute %s = %q, want %q", k, p.info.Attributes[k], v)
			}
		}
		if !strings.HasPrefix(p.info.Attributes[livekit.AttrSIPCallID], "SCL_") || p.info.Identity != "sip_+15551234567" {
			t.Errorf("identity %q callID %q", p.info.Identity, p.info.Attributes[livekit.AttrSIPCallID])
		}

		// Refused transfer: the target is busy, the API call fails with 486, the call stays up.
		_, err := sc.TransferSIPParticipant(ctx, &livekit.TransferSIPParticipantRequest{
			RoomName: p.room, ParticipantIdentity: p.info.Identity, TransferTo: fmt.Sprintf("sip:busy@127.0.0.1:%d", peer.port),
			RingingTimeout: durationpb.New(15 * time.Second)})
		if err == nil || !strings.Contains(err.Error(), "486") {
			t.Fatalf("busy transfer: %v", err)
		}
		if call.ended() {
			t.Fatal("a refused transfer ended the call")
		}

		// Accepted transfer: 202, NOTIFY 100 then 200 once the target answered; the bridge then hangs up.
		start := time.Now()
		_, err = sc.TransferSIPParticipant(ctx, &livekit.TransferSIPParticipantRequest{
			RoomName: p.room, ParticipantIdentity: p.info.Identity, TransferTo: fmt.Sprintf("sip:desk@127.0.0.1:%d", peer.port),
			RingingTimeout: durationpb.New(15 * time.Second)})
		if err != nil {
			t.Fatalf("transfer: %v", err)
		}
		t.Logf("transfer accepted in %v", time.Since(start).Round(time.Millisecond))
		if !call.waitEnded(5 * time.Second) {
			t.Error("no BYE after a completed transfer")
		}
		waitGone(t, ctx, rs, p.room, p.info.Identity)
	})

	t.Run("outbound call", func(t *testing.T) {
		start := time.Now()
		res, err := sc.CreateSIPParticipant(ctx, &livekit.CreateSIPParticipantRequest{
			SipTrunkId: out.SipTrunkId, SipCallTo: "+15557654321", RoomName: "out-room",
			ParticipantIdentity: "callee", ParticipantName: "Callee", WaitUntilAnswered: true})
		if err != nil {
			t.Fatalf("CreateSIPParticipant: %v", err)
		}
		t.Logf("answered in %v", time.Since(start).Round(time.Millisecond))
		if res.ParticipantIdentity != "callee" || !strings.HasPrefix(res.SipCallId, "SCL_") || !strings.HasPrefix(res.ParticipantId, "PA_") {
			t.Errorf("response %v", res)
		}
		pi, err := rs.GetParticipant(ctx, &livekit.RoomParticipantIdentity{Room: "out-room", Identity: "callee"})
		if err != nil {
			t.Fatal(err)
		}
		if pi.Kind != livekit.ParticipantInfo_SIP || pi.Attributes[livekit.AttrSIPCallStatus] != "active" || pi.Attributes[livekit.AttrSIPPhoneNumber] != "+15557654321" {
			t.Errorf("callee participant: kind %v attrs %v", pi.Kind, pi.Attributes)
		}
		callee := peer.lastAnswered()
		if callee == nil {
			t.Fatal("the peer saw no INVITE")
		}
		if got := callee.InviteRequest.From().Address.User; got != "+15550002222" {
			t.Errorf("caller number %q", got)
		}
		// Removing the participant (the agent hanging up) must BYE the callee.
		if _, err := rs.RemoveParticipant(ctx, &livekit.RoomParticipantIdentity{Room: "out-room", Identity: "callee"}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-callee.Context().Done():
		case <-time.After(5 * time.Second):
			t.Error("no BYE after the participant was removed")
		}

		_, err = sc.CreateSIPParticipant(ctx, &livekit.CreateSIPParticipantRequest{
			SipTrunkId: out.SipTrunkId, SipCallTo: "busy", RoomName: "out-busy", ParticipantIdentity: "busy-callee", WaitUntilAnswered: true})
		if err == nil || !strings.Contains(err.Error(), "486") {
			t.Errorf("busy callee: %v", err)
		}
	})

	t.Run("a silent caller is hung up after media_timeout", func(t *testing.T) {
		start := time.Now()
		call := peer.call(t, ctx, sipPort, false)
		if !call.waitEnded(3*time.Second + 3*time.Second) {
			t.Fatal("no BYE after media_timeout")
		}
		t.Logf("BYE %v after the call started (media_timeout 3s)", time.Since(start).Round(100*time.Millisecond))
	})

	waitUntil(t, 5*time.Second, "all calls to end", func() bool { return b.Stats().ActiveCalls == 0 })
	st := b.Stats()
	if st.Totals["transfersOK"] != 1 || st.Totals["transfersFailed"] != 1 || st.Totals["outboundAnswered"] != 1 ||
		st.EndedByReason["media-timeout"] != 1 || st.EndedByReason["transferred"] != 1 || st.EndedByReason["callee-486"] != 1 {
		t.Errorf("stats after the run: %+v", st)
	}
}

// peer is a diago user agent: the caller, and a callee that answers any
// user except "busy" (486).
type peerUA struct {
	dg       *diago.Diago
	port     int
	answered chan *diago.DialogServerSession
	last     *diago.DialogServerSession
}

func startPeer(t *testing.T, ctx context.Context) *peerUA {
	t.Helper()
	port := freePort(t)
	ua, err := sipgo.NewUA(sipgo.WithUserAgent("test-peer"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ua.Close() })
	p := &peerUA{port: port, answered: make(chan *diago.DialogServerSession, 8)}
	p.dg = diago.NewDiago(ua, diago.WithTransport(diago.Transport{Transport: "udp", BindHost: "127.0.0.1", BindPort: port}),
		diago.WithLogger(testLogger(t)))
	err = p.dg.ServeBackground(ctx, func(d *diago.DialogServerSession) {
		if d.ToUser() == "busy" {
			_ = d.Respond(486, "Busy Here", nil)
			return
		}
		_ = d.Ringing()
		if _, err := d.Answer(diago.AnswerOptions{}); err != nil {
			return
		}
		if d.ToUser() != "desk" { // the transfer target is not an outbound callee
			p.answered <- d
		}
		<-d.Context().Done()
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *peerUA) lastAnswered() *diago.DialogServerSession {
	select {
	case d := <-p.answered:
		p.last = d
	case <-time.After(5 * time.Second):
	}
	return p.last
}

type peerCall struct {
	d         *diago.DialogClientSession
	sipCallID string
	received  atomic.Int64 // RTP audio packets from the bridge
}

func (c *peerCall) ended() bool { return c.d.Context().Err() != nil }

func (c *peerCall) waitEnded(within time.Duration) bool {
	select {
	case <-c.d.Context().Done():
		return true
	case <-time.After(within):
		return false
	}
}

// call dials the bridge. A REFER from the bridge is followed the way a
// phone would: INVITE the Refer-To target, report its answer by NOTIFY.
func (p *peerUA) call(t *testing.T, ctx context.Context, bridgePort int, talk bool) *peerCall {
	t.Helper()
	d, err := p.dg.NewDialog(sip.Uri{User: "agent", Host: "127.0.0.1", Port: bridgePort}, diago.NewDialogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	opts := diago.InviteClientOptions{
		OnRefer: func(refer *diago.DialogClientSession) error {
			if _, err := refer.Invite(ctx, diago.InviteClientOptions{}); err != nil {
				return err // diago reports the failure (486) in its NOTIFY
			}
			return refer.Ack(ctx)
		},
	}
	opts.WithCaller("Caller", "+15551234567", "127.0.0.1")
	med, err := d.Invite(ctx, opts)
	if err != nil {
		t.Fatalf("INVITE to the bridge: %v", err)
	}
	if err := d.Ack(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Hangup(context.Background()); d.Close() })
	c := &peerCall{d: d, sipCallID: d.InviteRequest.CallID().Value()}
	if r, err := med.AudioReader(); err == nil {
		go func() {
			buf := make([]byte, 1500)
			for {
				if _, err := r.Read(buf); err != nil {
					return
				}
				c.received.Add(1)
			}
		}()
	}
	if talk { // a 440 Hz tone as PCMU; diago's writer paces it at 20 ms
		w, err := med.AudioWriter()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			frame := make([]byte, 160)
			pcm := make([]int16, 160)
			for n := 0; d.Context().Err() == nil; n++ {
				for i := range pcm {
					pcm[i] = int16(8000 * math.Sin(2*math.Pi*440*float64(n*160+i)/8000))
				}
				g711.EncodeULawTo(frame, pcm)
				if _, err := w.Write(frame); err != nil {
					return
				}
			}
		}()
	}
	return c
}

type roomParticipant struct {
	room string
	info *livekit.ParticipantInfo
}

func waitForSIPParticipant(t *testing.T, ctx context.Context, rs *lksdk.RoomServiceClient, prefix string) roomParticipant {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		rooms, err := rs.ListRooms(ctx, &livekit.ListRoomsRequest{})
		if err == nil {
			for _, r := range rooms.Rooms {
				if !strings.HasPrefix(r.Name, prefix) {
					continue
				}
				ps, err := rs.ListParticipants(ctx, &livekit.ListParticipantsRequest{Room: r.Name})
				if err != nil {
					continue
				}
				for _, p := range ps.Participants {
					if p.Kind == livekit.ParticipantInfo_SIP && p.Attributes[livekit.AttrSIPCallStatus] == "active" {
						return roomParticipant{room: r.Name, info: p}
					}
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no active SIP participant appeared in a room")
	return roomParticipant{}
}

func waitGone(t *testing.T, ctx context.Context, rs *lksdk.RoomServiceClient, room, identity string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := rs.GetParticipant(ctx, &livekit.RoomParticipantIdentity{Room: room, Identity: identity}); err != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("participant %s still in %s after the call ended", identity, room)
}

func findLivekitServer(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("LIVEKIT_SERVER_BIN"); bin != "" {
		return bin
	}
	if bin, err := exec.LookPath("livekit-server"); err == nil {
		return bin
	}
	// The project's scripts build it into <repo>/.cache/bin.
	if bin, err := filepath.Abs("../../../../.cache/bin/livekit-server"); err == nil {
		if _, err := os.Stat(bin); err == nil {
			return bin
		}
	}
	t.Skip("livekit-server not found (PATH, LIVEKIT_SERVER_BIN or <repo>/.cache/bin): `npm start` builds it")
	return ""
}

func startRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not found (Debian package redis-server)")
	}
	port := freePort(t)
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", fmt.Sprint(port), "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	startProcess(t, cmd)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	waitUntil(t, 10*time.Second, "redis-server", func() bool {
		rc := redis.NewClient(&redis.Options{Addr: addr})
		defer rc.Close()
		return rc.Ping(context.Background()).Err() == nil
	})
	return addr
}

func startLivekit(t *testing.T, bin, redisAddr string) string {
	t.Helper()
	httpPort, tcpPort, udpPort := freePort(t), freePort(t), freePort(t)
	cfg := filepath.Join(t.TempDir(), "livekit.yaml")
	yaml := fmt.Sprintf(`port: %d
bind_addresses: ["127.0.0.1"]
rtc:
  tcp_port: %d
  udp_port: %d
  use_external_ip: false
  enable_loopback_candidate: true
keys:
  %s: %s
redis:
  address: %s
logging:
  level: warn
`, httpPort, tcpPort, udpPort, apiKey, apiSecret, redisAddr)
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	startProcess(t, exec.Command(bin, "--config", cfg))
	url := fmt.Sprintf("http://127.0.0.1:%d", httpPort)
	waitUntil(t, 20*time.Second, "livekit-server", func() bool {
		res, err := http.Get(url)
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	return url
}

func startProcess(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if testing.Verbose() {
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
}

func waitUntil(t *testing.T, within time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not come up within %v", what, within)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// freePort finds a port free for both TCP and UDP on loopback.
func freePort(t *testing.T) int {
	t.Helper()
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		u, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", port))
		l.Close()
		if err == nil {
			u.Close()
			return port
		}
	}
	t.Fatal("no free port")
	return 0
}

func testLogger(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
