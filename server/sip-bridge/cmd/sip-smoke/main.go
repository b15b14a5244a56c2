// Command sip-smoke drives a manual end-to-end check of a SIP bridge (this
// one or livekit-sip) through livekit-server: provision trunks, watch a call's
// room (publish a tone, count the caller's audio, DTMF both ways, transfer,
// remove the participant), and dial out. See testdata/sipp/README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
	"sync/atomic"
	"time"

	msdk "github.com/livekit/media-sdk"
	"github.com/livekit/protocol/livekit"
	protologger "github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"
	lkmedia "github.com/livekit/server-sdk-go/v2/pkg/media"
	"github.com/pion/webrtc/v4"
	"google.golang.org/protobuf/types/known/durationpb"
)

// Where livekit-server is; override with LIVEKIT_URL / LIVEKIT_API_KEY / LIVEKIT_API_SECRET.
var (
	ws     = env("LIVEKIT_URL", "ws://127.0.0.1:17880")
	host   = "http" + strings.TrimPrefix(ws, "ws")
	key    = env("LIVEKIT_API_KEY", "devkey")
	secret = env("LIVEKIT_API_SECRET", "secret")
)

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func must[T any](v T, err error) T {
	if err != nil {
		fmt.Println("ERROR:", err)
		os.Exit(1)
	}
	return v
}

func main() {
	if len(os.Args) < 2 {
		fmt.Println("usage: sip-smoke provision|watch|dial [flags]")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "provision":
		provision(os.Args[2:])
	case "watch":
		watch(os.Args[2:])
	case "dial":
		dial(os.Args[2:])
	}
}

func provision(args []string) {
	fs := flag.NewFlagSet("provision", flag.ExitOnError)
	allowed := fs.String("allowed", "127.0.0.1/32", "comma list")
	user := fs.String("user", "", "digest user")
	pass := fs.String("pass", "", "digest pass")
	outAddr := fs.String("out", "127.0.0.1:15080", "outbound trunk address")
	fs.Parse(args)
	ctx := context.Background()
	sc := lksdk.NewSIPClient(host, key, secret)
	// clean
	if l, err := sc.ListSIPInboundTrunk(ctx, &livekit.ListSIPInboundTrunkRequest{}); err == nil {
		for _, t := range l.Items {
			sc.DeleteSIPTrunk(ctx, &livekit.DeleteSIPTrunkRequest{SipTrunkId: t.SipTrunkId})
		}
	}
	if l, err := sc.ListSIPOutboundTrunk(ctx, &livekit.ListSIPOutboundTrunkRequest{}); err == nil {
		for _, t := range l.Items {
			sc.DeleteSIPTrunk(ctx, &livekit.DeleteSIPTrunkRequest{SipTrunkId: t.SipTrunkId})
		}
	}
	if l, err := sc.ListSIPDispatchRule(ctx, &livekit.ListSIPDispatchRuleRequest{}); err == nil {
		for _, r := range l.Items {
			sc.DeleteSIPDispatchRule(ctx, &livekit.DeleteSIPDispatchRuleRequest{SipDispatchRuleId: r.SipDispatchRuleId})
		}
	}
	in := must(sc.CreateSIPInboundTrunk(ctx, &livekit.CreateSIPInboundTrunkRequest{Trunk: &livekit.SIPInboundTrunkInfo{
		Name: "voice-agent-inbound", AllowedAddresses: strings.Split(*allowed, ","), AuthUsername: *user, AuthPassword: *pass}}))
	fmt.Println("inbound trunk", in.SipTrunkId, in.AllowedAddresses)
	dr := must(sc.CreateSIPDispatchRule(ctx, &livekit.CreateSIPDispatchRuleRequest{DispatchRule: &livekit.SIPDispatchRuleInfo{
		Name: "voice-agent-calls", TrunkIds: []string{in.SipTrunkId},
		Rule: &livekit.SIPDispatchRule{Rule: &livekit.SIPDispatchRule_DispatchRuleIndividual{
			DispatchRuleIndividual: &livekit.SIPDispatchRuleIndividual{RoomPrefix: "call-"}}}}}))
	fmt.Println("dispatch rule", dr.SipDispatchRuleId)
	out := must(sc.CreateSIPOutboundTrunk(ctx, &livekit.CreateSIPOutboundTrunkRequest{Trunk: &livekit.SIPOutboundTrunkInfo{
		Name: "smoke-out", Address: *outAddr, Numbers: []string{"+15550002222"}}}))
	fmt.Println("outbound trunk", out.SipTrunkId)
}

type counter struct{ frames, loud atomic.Int64 }

func (c *counter) WriteSample(s msdk.PCM16Sample) error {
	c.frames.Add(1)
	for _, v := range s {
		if v > 300 || v < -300 {
			c.loud.Add(1)
			break
		}
	}
	return nil
}
func (c *counter) Close() error { return nil }

func findRoom(prefix string, within time.Duration) string {
	rs := lksdk.NewRoomServiceClient(host, key, secret)
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		res, err := rs.ListRooms(context.Background(), &livekit.ListRoomsRequest{})
		if err == nil {
			for _, r := range res.Rooms {
				if strings.HasPrefix(r.Name, prefix) && r.NumParticipants > 0 {
					return r.Name
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return ""
}

func watch(args []string) {
	fs := flag.NewFlagSet("watch", flag.ExitOnError)
	prefix := fs.String("room", "call-", "room name or prefix")
	dur := fs.Duration("dur", 15*time.Second, "how long to watch")
	tone := fs.Bool("tone", true, "publish a 440 Hz tone")
	dtmfOut := fs.String("dtmf-out", "", "digits to publish into the room (after 2s)")
	transferTo := fs.String("transfer", "", "TransferSIPParticipant target after --transfer-after")
	transferAfter := fs.Duration("transfer-after", 4*time.Second, "")
	removeAfter := fs.Duration("remove-after", 0, "RemoveParticipant the SIP participant after this")
	deleteAfter := fs.Duration("delete-after", 0, "DeleteRoom after this")
	exact := fs.Bool("exact", false, "join --room now (creates it) instead of waiting for a room with that prefix")
	fs.Parse(args)

	room := *prefix
	if !*exact {
		room = findRoom(*prefix, 20*time.Second)
	}
	if room == "" {
		fmt.Println("ERROR: no room with prefix", *prefix)
		os.Exit(1)
	}
	fmt.Println("room", room)
	var cnt counter
	var dtmfIn atomic.Int64
	var digits atomic.Value
	digits.Store("")
	cb := &lksdk.RoomCallback{
		OnParticipantDisconnected: func(rp *lksdk.RemoteParticipant) {
			fmt.Printf("PARTICIPANT LEFT %s reason=%v\n", rp.Identity(), rp.DisconnectReason())
		},
		ParticipantCallback: lksdk.ParticipantCallback{
			OnAttributesChanged: func(changed map[string]string, p lksdk.Participant) {
				fmt.Printf("ATTRS %s %v\n", p.Identity(), changed)
			},
			OnTrackSubscribed: func(track *webrtc.TrackRemote, pub *lksdk.RemoteTrackPublication, rp *lksdk.RemoteParticipant) {
				fmt.Printf("subscribed %s from %s kind=%v\n", pub.SID(), rp.Identity(), livekit.ParticipantInfo_Kind(rp.Kind()))
				if track.Kind() == webrtc.RTPCodecTypeAudio {
					must(lkmedia.NewPCMRemoteTrack(track, &cnt, lkmedia.WithTargetSampleRate(48000)))
				}
			},
			OnDataPacket: func(data lksdk.DataPacket, params lksdk.DataReceiveParams) {
				if d, ok := data.(*livekit.SipDTMF); ok {
					dtmfIn.Add(1)
					digits.Store(digits.Load().(string) + d.Digit)
					fmt.Printf("DTMF from %s: code=%d digit=%q\n", params.SenderIdentity, d.Code, d.Digit)
				}
			},
		}}
	r := must(lksdk.ConnectToRoom(ws, lksdk.ConnectInfo{APIKey: key, APISecret: secret, RoomName: room,
		ParticipantIdentity: "agent-sim", ParticipantKind: lksdk.ParticipantAgent}, cb))
	defer r.Disconnect()
	stop := make(chan struct{})
	if *tone {
		lt := must(lkmedia.NewPCMLocalTrack(48000, 1, protologger.GetLogger()))
		must(r.LocalParticipant.PublishTrack(lt, &lksdk.TrackPublicationOptions{Name: "tone", Source: livekit.TrackSource_MICROPHONE}))
		go func() {
			ph := 0.0
			t := time.NewTicker(10 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					s := make(msdk.PCM16Sample, 480)
					for i := range s {
						s[i] = int16(8000 * math.Sin(ph))
						ph += 2 * math.Pi * 440 / 48000
					}
					_ = lt.WriteSample(s)
				}
			}
		}()
	}
	var sipIdentity string
	list := func() {
		rs := lksdk.NewRoomServiceClient(host, key, secret)
		res, err := rs.ListParticipants(context.Background(), &livekit.ListParticipantsRequest{Room: room})
		if err != nil {
			fmt.Println("ListParticipants:", err)
			return
		}
		for _, p := range res.Participants {
			if p.Kind == livekit.ParticipantInfo_SIP {
				sipIdentity = p.Identity
			}
			fmt.Printf("participant identity=%s name=%q kind=%s tracks=%d attrs=%v\n", p.Identity, p.Name, p.Kind, len(p.Tracks), p.Attributes)
		}
	}
	time.Sleep(1500 * time.Millisecond)
	list()
	start := time.Now()
	if *dtmfOut != "" {
		go func() {
			time.Sleep(2 * time.Second)
			for _, d := range *dtmfOut {
				code := map[rune]uint32{'*': 10, '#': 11}[d]
				if d >= '0' && d <= '9' {
					code = uint32(d - '0')
				}
				err := r.LocalParticipant.PublishDTMF(code, string(d))
				fmt.Printf("published DTMF %q err=%v\n", string(d), err)
				time.Sleep(400 * time.Millisecond)
			}
		}()
	}
	if *transferTo != "" {
		go func() {
			time.Sleep(*transferAfter)
			sc := lksdk.NewSIPClient(host, key, secret)
			t0 := time.Now()
			_, err := sc.TransferSIPParticipant(context.Background(), &livekit.TransferSIPParticipantRequest{
				RoomName: room, ParticipantIdentity: sipIdentity, TransferTo: *transferTo, RingingTimeout: durationpb.New(15 * time.Second)})
			fmt.Printf("TRANSFER result err=%v took=%v\n", err, time.Since(t0).Round(time.Millisecond))
		}()
	}
	if *removeAfter > 0 {
		go func() {
			time.Sleep(*removeAfter)
			rs := lksdk.NewRoomServiceClient(host, key, secret)
			_, err := rs.RemoveParticipant(context.Background(), &livekit.RoomParticipantIdentity{Room: room, Identity: sipIdentity})
			fmt.Printf("REMOVE %s err=%v\n", sipIdentity, err)
		}()
	}
	if *deleteAfter > 0 {
		go func() {
			time.Sleep(*deleteAfter)
			rs := lksdk.NewRoomServiceClient(host, key, secret)
			_, err := rs.DeleteRoom(context.Background(), &livekit.DeleteRoomRequest{Room: room})
			fmt.Printf("DELETE ROOM %s err=%v\n", room, err)
		}()
	}
	for time.Since(start) < *dur {
		time.Sleep(2 * time.Second)
		fmt.Printf("audio from SIP: frames=%d loud=%d dtmf=%d\n", cnt.frames.Load(), cnt.loud.Load(), dtmfIn.Load())
		if time.Since(start) > 3*time.Second && time.Since(start) < 5*time.Second {
			list()
		}
	}
	close(stop)
	fmt.Printf("FINAL frames=%d loud=%d dtmf=%d digits=%q\n", cnt.frames.Load(), cnt.loud.Load(), dtmfIn.Load(), digits.Load())
	list()
}

func dial(args []string) {
	fs := flag.NewFlagSet("dial", flag.ExitOnError)
	to := fs.String("to", "+15557654321", "number")
	room := fs.String("room", "out-room", "")
	wait := fs.Bool("wait", true, "wait until answered")
	ring := fs.Duration("ring", 0, "ringing timeout")
	fs.Parse(args)
	ctx := context.Background()
	sc := lksdk.NewSIPClient(host, key, secret)
	l := must(sc.ListSIPOutboundTrunk(ctx, &livekit.ListSIPOutboundTrunkRequest{}))
	t0 := time.Now()
	res, err := sc.CreateSIPParticipant(ctx, &livekit.CreateSIPParticipantRequest{SipTrunkId: l.Items[0].SipTrunkId, SipCallTo: *to,
		RoomName: *room, ParticipantIdentity: "callee", ParticipantName: "Callee", WaitUntilAnswered: *wait, RingingTimeout: func() *durationpb.Duration {
			if *ring > 0 {
				return durationpb.New(*ring)
			}
			return nil
		}()})
	fmt.Printf("DIAL result=%v err=%v took=%v\n", res, err, time.Since(t0).Round(time.Millisecond))
}
