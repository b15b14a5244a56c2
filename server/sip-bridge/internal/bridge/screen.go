package bridge

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	dmedia "github.com/emiago/diago/media"
	"github.com/emiago/diago/media/sdp"
	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"voiceagent/sipbridge/internal/siputil"
)

// screen runs before diago sees a request. It answers what needs no call
// state — malformed or unplayable INVITEs, INVITEs beyond capacity, REFER
// progress NOTIFYs — cheaply and without waiting on anything, so floods and
// garbage cost little and never reach a room. It also keeps a panic in any
// SIP handler from ending the process.
func (b *Bridge) screen(next sipgo.RequestHandler) sipgo.RequestHandler {
	return func(req *sip.Request, tx sip.ServerTransaction) {
		defer func() {
			if p := recover(); p != nil {
				b.count.panics.Add(1)
				b.log.Error("panic in SIP handler", "method", req.Method.String(), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				_ = tx.Respond(sip.NewResponseFromRequest(req, 500, "Server Internal Error", nil))
			}
		}()
		switch req.Method {
		case sip.INVITE:
			if to := req.To(); to != nil && to.Params.Has("tag") {
				break // re-INVITE inside a dialog: diago's business
			}
			if status, reason, why := b.screenInvite(req); status != 0 {
				b.count.reject(status)
				b.log.Info("INVITE refused", "status", status, "why", why, "sipCallID", callIDOf(req), "source", req.Source())
				res := sip.NewResponseFromRequest(req, status, reason, nil)
				if status == 503 {
					res.AppendHeader(sip.NewHeader("Retry-After", "5"))
				}
				if status == 488 || status == 415 {
					res.AppendHeader(sip.NewHeader("Accept", "application/sdp"))
				}
				_ = tx.Respond(res)
				return
			}
		case sip.NOTIFY:
			if b.handleReferNotify(req, tx) {
				return
			}
		}
		next(req, tx)
	}
}

// screenInvite returns a status to refuse a new INVITE with, or 0.
func (b *Bridge) screenInvite(req *sip.Request) (status int, reason, why string) {
	if b.stopping.Load() {
		return 503, "Service Unavailable", "bridge is shutting down"
	}
	if b.limiter.Full() {
		return 503, "Service Unavailable", fmt.Sprintf("max_concurrent_calls (%d) reached", b.limiter.Max())
	}
	if req.CallID() == nil || req.From() == nil || req.To() == nil || req.CSeq() == nil || req.Contact() == nil {
		return 400, "Bad Request", "missing Call-ID, From, To, CSeq or Contact"
	}
	if ct := req.ContentType(); ct == nil || !strings.EqualFold(strings.TrimSpace(strings.Split(ct.Value(), ";")[0]), "application/sdp") {
		// Late offer (INVITE without SDP) is not supported: the bridge answers with its own offer nowhere.
		return 415, "Unsupported Media Type", "INVITE without an SDP offer"
	}
	if err := checkOffer(req.Body()); err != nil {
		return 488, "Not Acceptable Here", err.Error()
	}
	return 0, "", ""
}

// checkOffer accepts an SDP offer with one audio stream over RTP/AVP that
// includes PCMU or PCMA. diago negotiates the details; this only refuses
// what could never be answered, before a room is joined for it.
func checkOffer(body []byte) error {
	if len(body) == 0 {
		return errors.New("empty SDP")
	}
	sd := sdp.SessionDescription{} // a map: Unmarshal fills, does not allocate
	if err := sdp.Unmarshal(body, &sd); err != nil {
		return fmt.Errorf("SDP does not parse: %w", err)
	}
	md, err := sd.MediaDescription("audio")
	if err != nil {
		return fmt.Errorf("no usable audio stream: %w", err)
	}
	if md.Port == 0 {
		return errors.New("audio stream is disabled (port 0)")
	}
	if md.Proto != "RTP/AVP" {
		return fmt.Errorf("audio profile %s not supported (RTP/AVP only, no SRTP)", md.Proto)
	}
	if _, err := sd.ConnectionInformation(); err != nil {
		return fmt.Errorf("no connection address: %w", err)
	}
	codecs := make([]dmedia.Codec, len(md.Formats))
	n, _ := dmedia.CodecsFromSDPRead(md.Formats, sd.Values("a"), codecs)
	for _, c := range codecs[:n] {
		if name := strings.ToUpper(c.Name); (name == "PCMU" || name == "PCMA") && c.SampleRate == 8000 {
			return nil
		}
	}
	return fmt.Errorf("no common codec: offer has %v, bridge speaks PCMU and PCMA", md.Formats)
}

// handleReferNotify takes NOTIFYs reporting a REFER's progress on one of our
// calls (RFC 3515 sipfrag). It answers them itself so the status line,
// reason phrase included, reaches the transfer waiting on it; diago would
// only pass the code on and answer 400 to bodies it finds too short.
func (b *Bridge) handleReferNotify(req *sip.Request, tx sip.ServerTransaction) bool {
	ev := req.GetHeader("Event")
	if ev == nil {
		ev = req.GetHeader("o")
	}
	if ev == nil || !strings.HasPrefix(strings.ToLower(strings.TrimSpace(ev.Value())), "refer") {
		return false
	}
	c := b.calls.getSIP(callIDOf(req))
	if c == nil {
		return false
	}
	code, reason, err := siputil.ParseSipfrag(req.Body())
	if err != nil {
		c.log.Warn("NOTIFY with an unreadable sipfrag", "error", err.Error())
		_ = tx.Respond(sip.NewResponseFromRequest(req, 400, "Bad Request", nil))
		return true
	}
	_ = tx.Respond(sip.NewResponseFromRequest(req, 200, "OK", nil))
	c.log.Info("transfer progress", "status", code, "reason", reason)
	select {
	case c.notifyCh <- notifyResult{code: code, reason: reason}:
	default: // nobody waiting (late or repeated NOTIFY)
	}
	return true
}

func callIDOf(req *sip.Request) string {
	if h := req.CallID(); h != nil {
		return h.Value()
	}
	return ""
}
