package bridge

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/livekit/protocol/rpc"
	"github.com/livekit/psrpc"

	"voiceagent/sipbridge/internal/control"
	"voiceagent/sipbridge/internal/siputil"
)

// notifyResult is one REFER progress report (the NOTIFY's sipfrag).
type notifyResult struct {
	code   int
	reason string
}

// referByeGrace gives the transferred party time to hang up first, as
// livekit-sip does, before the bridge sends BYE itself.
const referByeGrace = time.Second

// Transfer serves TransferSIPParticipant: a blind transfer by SIP REFER on
// the call's dialog. It returns nil once the far end reports the new call
// up (NOTIFY 2xx), or an error with the SIP status that refused it (4xx-6xx
// to the REFER or in the NOTIFY), so the API call in the worker rejects.
//
// livekit-server's psrpc client may deliver the same request more than once
// (it retried ~150 ms later in our smoke test). Like livekit-sip, a repeat
// for the same target joins the transfer already running and gets its
// result; a different target is refused.
func (b *Bridge) Transfer(ctx context.Context, req *rpc.InternalTransferSIPParticipantRequest) error {
	c := b.calls.get(req.SipCallId)
	if c == nil {
		return psrpc.NewErrorf(psrpc.NotFound, "no call %s on this bridge", req.SipCallId)
	}
	p, isNew := c.pendingTransfer(req.TransferTo)
	if p == nil {
		return psrpc.NewErrorf(psrpc.InvalidArgument, "call is already being transferred elsewhere")
	}
	if isNew {
		// Answer before livekit-server gives up on us: it sends its own deadline
		// as ringing_timeout, and an answer that arrives after it is lost.
		wait := b.conf.TransferTimeout
		if rt := req.GetRingingTimeout().AsDuration(); rt > 0 {
			wait = min(wait, rt-time.Second)
		}
		if dl, ok := ctx.Deadline(); ok {
			wait = min(wait, time.Until(dl)-time.Second)
		}
		wait = max(wait, time.Second)
		// Not the first request's context: a retried request must not cancel the REFER.
		tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), wait+time.Second)
		go func() {
			defer cancel()
			defer c.recoverPanic("transfer")
			err := c.transfer(tctx, req.TransferTo, req.Headers, wait)
			if err != nil {
				b.count.transfersFailed.Add(1)
				c.log.Warn("transfer failed", "to", req.TransferTo, "error", err.Error())
			} else {
				b.count.transfersOK.Add(1)
			}
			c.transferDone(p, err)
		}()
	}
	select {
	case <-p.done:
		return p.err
	case <-ctx.Done():
		return psrpc.NewErrorf(psrpc.Canceled, "transfer still running: %v", ctx.Err())
	}
}

// pending is one transfer attempt that repeated requests wait on.
type pending struct {
	to   string
	done chan struct{}
	err  error
}

// pendingTransfer returns the running transfer to the same target (isNew
// false), a new one (isNew true), or nil when another target is in progress.
func (c *Call) pendingTransfer(to string) (p *pending, isNew bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.referring != nil {
		if c.referring.to != to {
			return nil, false
		}
		return c.referring, false
	}
	c.referring = &pending{to: to, done: make(chan struct{})}
	return c.referring, true
}

// transferDone publishes the result. A failed transfer may be retried; a
// successful one stays, so late repeats get the same answer.
func (c *Call) transferDone(p *pending, err error) {
	c.mu.Lock()
	p.err = err
	if err != nil && c.referring == p {
		c.referring = nil
	}
	c.mu.Unlock()
	close(p.done)
}

func (c *Call) transfer(ctx context.Context, transferTo string, headers map[string]string, wait time.Duration) error {
	if c.finished.Load() {
		return psrpc.NewErrorf(psrpc.FailedPrecondition, "call already ended")
	}
	if !c.answered() {
		return psrpc.NewErrorf(psrpc.FailedPrecondition, "call is not answered yet")
	}
	c.mu.Lock()
	farHost, farPort := c.farHost, c.farPort
	c.mu.Unlock()
	target, err := siputil.ReferTarget(transferTo, farHost, farPort)
	if err != nil {
		return psrpc.NewError(psrpc.InvalidArgument, err)
	}
	for len(c.notifyCh) > 0 { // a stale NOTIFY from an earlier attempt
		<-c.notifyCh
	}
	dialog := c.getDialog()
	refer := buildRefer(dialog.RemoteContact().Address, target, headers)
	c.log.Info("transferring", "to", transferTo, "referTo", target.String(), "waitFor", wait.String())

	deadline := time.Now().Add(wait)
	rctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	res, err := dialog.Do(rctx, refer)
	if err != nil {
		return psrpc.NewErrorf(psrpc.DeadlineExceeded, "REFER got no final response: %v", err)
	}
	if res.StatusCode < 200 || res.StatusCode >= 300 {
		return control.SIPError(res.StatusCode, res.Reason, "REFER refused")
	}
	c.log.Info("REFER accepted", "status", res.StatusCode)

	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		select {
		case n := <-c.notifyCh:
			if n.code < 200 {
				continue // 100 Trying, 180 Ringing: still going
			}
			if n.code >= 300 {
				return control.SIPError(n.code, n.reason, "transfer target refused")
			}
			c.log.Info("transfer completed", "status", n.code)
		case <-dialog.Context().Done():
			// The caller's side hung up after accepting: it owns the new call
			// now (livekit-sip counts this as done, and sipp's e2e caller does it).
			c.log.Info("caller hung up after accepting the transfer; treating it as done")
		case <-timer.C:
			// 202 Accepted but no final NOTIFY in time. The far end took
			// responsibility for the transfer with its 202 (RFC 3515 §2.4.4),
			// and some user agents never report back: report success, hang
			// up, and say so in the log.
			c.log.Warn("REFER accepted but no final NOTIFY arrived; assuming the transfer went through", "waited", wait.String())
		case <-ctx.Done():
			return psrpc.NewErrorf(psrpc.Canceled, "transfer abandoned by the server: %v", ctx.Err())
		}
		c.mu.Lock()
		c.transferred = true
		c.mu.Unlock()
		time.AfterFunc(referByeGrace, func() { c.requestEnd(endTransferred) })
		return nil
	}
}

// buildRefer makes an in-dialog REFER (RFC 3515) to the far end's Contact.
// The dialog fills From/To/Call-ID/CSeq/Route. Extra headers from the API
// are added in a stable order.
func buildRefer(remote sip.Uri, target sip.Uri, headers map[string]string) *sip.Request {
	req := sip.NewRequest(sip.REFER, *remote.Clone())
	req.AppendHeader(sip.NewHeader("Refer-To", "<"+target.String()+">"))
	keys := make([]string, 0, len(headers))
	for k := range headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if isDialogHeader(k) {
			continue // never let an API caller break the dialog
		}
		req.AppendHeader(sip.NewHeader(k, headers[k]))
	}
	return req
}

func isDialogHeader(name string) bool {
	switch strings.ToLower(name) {
	case "from", "to", "call-id", "cseq", "via", "route", "record-route", "contact", "max-forwards", "content-length", "refer-to", "f", "t", "i", "v", "m", "l":
		return true
	}
	return false
}
