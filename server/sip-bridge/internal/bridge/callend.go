package bridge

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"github.com/livekit/protocol/livekit"
)

// finish ends the call on every side, exactly once: sip.callStatus=hangup,
// BYE (before leaving, as livekit-sip does, so the attribute is seen), leave
// the room, release ports, topic, slot, and report the final state.
func (c *Call) finish(r endReason) {
	if !c.finished.CompareAndSwap(false, true) {
		return
	}
	defer c.b.wg.Done()
	c.mu.Lock()
	dialog, part, send, recv := c.dialog, c.part, c.send, c.recv
	answered := !c.answeredAt.IsZero()
	topic := c.topic
	if c.transferred {
		r = endReason{name: endTransferred.name, byeByUs: r.byeByUs}
	}
	c.mu.Unlock()

	if part != nil {
		c.mu.Lock()
		c.status = statusHangup
		c.mu.Unlock()
		attrs := map[string]string{livekit.AttrSIPCallStatus: statusHangup, attrHangupReason: r.name}
		select {
		case <-part.Gone(): // removed from the room: nobody there to tell
		default:
			// Confirmed before leaving, so the worker reads the reason before it sees the participant go.
			part.SetAttributesConfirmed(attrs, time.Second)
		}
	}
	if r.byeByUs && dialog != nil && answered && dialog.Context().Err() == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := dialog.Hangup(ctx); err != nil {
			c.log.Warn("BYE failed", "error", err.Error())
		}
		cancel()
	}
	if cl, ok := dialog.(io.Closer); ok && c.dir == dirOutbound {
		_ = cl.Close()
	}
	if send != nil {
		_ = send.Close()
	}
	if part != nil {
		disconnect := r.disconnect
		if disconnect == livekit.DisconnectReason_UNKNOWN_REASON {
			disconnect = livekit.DisconnectReason_CLIENT_INITIATED
		}
		part.Close(disconnect)
	}
	if recv != nil {
		recv.Close()
	}
	c.cancel()
	if topic {
		c.b.svc.DeregisterCall(c.ID)
	}
	c.b.calls.remove(c)
	c.b.count.end(r.name)
	c.release()

	st := c.stats()
	logAttrs := []any{"reason", r.name, "durationSeconds", st.DurationSeconds, "rtpIn", st.RTPIn, "rtpInAudioLoud", st.RTPInAudioLoud,
		"rtpOut", st.RTPOut, "rtpOutLoud", st.RTPOutLoud, "rtpIgnored", st.RTPIgnored, "digitsIn", st.DigitsIn, "digitsOut", st.DigitsOut}
	if c.dir == dirOutbound {
		logAttrs = append(logAttrs, "sipCallID", st.SIPCallID)
	}
	if r.failure != "" {
		c.log.Warn("call ended", append(logAttrs, "error", r.failure)...)
	} else {
		c.log.Info("call ended", logAttrs...)
	}
	if c.state != nil {
		c.state.Finish(func(info *livekit.SIPCallInfo) {
			info.EndedAtNs = time.Now().UnixNano()
			if r.failure != "" {
				info.CallStatus = livekit.SIPCallStatus_SCS_ERROR
				info.Error = r.failure
			} else {
				info.CallStatus = livekit.SIPCallStatus_SCS_DISCONNECTED
			}
			if r.name == endCallerBye.name || r.name == endCalleeBye.name {
				info.DisconnectReason = livekit.DisconnectReason_CLIENT_INITIATED
			}
		})
	}
}

// finishOnPanic is deferred by the goroutine that owns a call (the one that
// would call finish): a bug in one call is logged with its stack and that
// call is ended on every side, without taking the process down.
func (c *Call) finishOnPanic(where string) {
	if p := recover(); p != nil {
		c.b.count.panics.Add(1)
		c.log.Error("panic in call; ending it", "where", where, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		c.finish(endFailed("panic", "internal error"))
	}
}

// recoverPanic is deferred by a call's helper goroutines (RTP reader, DTMF
// writer, transfer): it logs the stack and asks the owner to end the call.
func (c *Call) recoverPanic(where string) {
	if p := recover(); p != nil {
		c.b.count.panics.Add(1)
		c.log.Error("panic in call; ending it", "where", where, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		c.requestEnd(endFailed("panic", "internal error"))
	}
}
